import type { MembershipStatus } from './decide';

export type EffectiveMembershipStatus = MembershipStatus | 'not_started';

/**
 * The membership's status as of `today` (YYYY-MM-DD in the branch zone): a stored `active`
 * past its last day is expired, and before its first day not started yet.
 */
export function effectiveMembershipStatus(
  m: { status: MembershipStatus; startsOn: string; validUntil: string },
  today: string,
): EffectiveMembershipStatus {
  if (m.status !== 'active') return m.status;
  if (m.validUntil < today) return 'expired';
  if (m.startsOn > today) return 'not_started';
  return 'active';
}
