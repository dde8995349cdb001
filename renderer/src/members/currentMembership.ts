import type { MembershipDto } from '../../../core/contract/memberDto';

/**
 * The membership the desk talks about: the one covering today, else the one ending last — the
 * same choice check-in makes (db/queries/deskReads membership), so the header agrees with the
 * decision at the door.
 */
export function currentMembership(memberships: readonly MembershipDto[], today: string): MembershipDto | null {
  const covering = memberships.filter((m) => m.startsOn <= today && m.validUntil >= today);
  const pool = covering.length > 0 ? covering : memberships;
  return pool.reduce<MembershipDto | null>((best, m) => (!best || m.validUntil > best.validUntil ? m : best), null);
}

export const STATUS_CLASS = {
  active: 'status-ok',
  frozen: 'status-warn',
  not_started: 'status-warn',
  expired: 'status-bad',
  cancelled: 'status-bad',
} as const;
