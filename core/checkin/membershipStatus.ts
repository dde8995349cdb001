import type { MembershipStatus } from './decide';

export type EffectiveMembershipStatus = MembershipStatus | 'not_started';

/** What the status rules read of a membership; dates are YYYY-MM-DD in the branch zone. */
export interface MembershipDates {
  status: MembershipStatus;
  startsOn: string;
  validUntil: string;
  /** The recorded freeze window, both days included; null (or absent) on legacy rows. */
  frozenFrom?: string | null;
  frozenUntil?: string | null;
}

/**
 * The stored status as it stands on `today`. A freeze is booked ahead with its dates, so a
 * stored `frozen` holds only inside [frozenFrom, frozenUntil]: before it the member still
 * trains, after it the freeze has ended by itself without anyone pressing "unfreeze". A
 * `frozen` without dates (legacy and demo rows) has no window to end, so it stays frozen.
 */
export function statusOn(m: MembershipDates, today: string): MembershipStatus {
  if (m.status !== 'frozen' || !m.frozenFrom || !m.frozenUntil) return m.status;
  return today >= m.frozenFrom && today <= m.frozenUntil ? 'frozen' : 'active';
}

/**
 * The membership's status as of `today` (YYYY-MM-DD in the branch zone): a stored `active`
 * past its last day is expired, and before its first day not started yet; a frozen one is
 * frozen only while its freeze window covers today (see statusOn).
 */
export function effectiveMembershipStatus(m: MembershipDates, today: string): EffectiveMembershipStatus {
  const status = statusOn(m, today);
  if (status !== 'active') return status;
  if (m.validUntil < today) return 'expired';
  if (m.startsOn > today) return 'not_started';
  return 'active';
}
