import type { MemberSummaryDto } from '../../core/contract/dto';
import type { CardDto, DeletionRequestDto } from '../../core/contract/memberDto';
import { maskName } from '../../core/members/masking';
import { isTierCode } from '../../core/tiers/catalog';
import { localParts } from '../../core/time/localDate';
import type { CardRecord } from '../../db/queries/memberRecords';
import type { DeletionRequestRow } from '../../db/queries/memberPage';
import type { ServiceContext } from '../context';
import { membershipEffectiveStatus } from '../membership/membershipStore';

/** Row → contract shape mappers shared by the member services. */

export function cardDtoOf(row: Pick<CardRecord, 'id' | 'card_uid' | 'status' | 'bound_at' | 'ended_at'>): CardDto {
  return { id: row.id, cardUid: row.card_uid, status: row.status, boundAt: row.bound_at, endedAt: row.ended_at };
}

/** One mapping of a membership row for every service (services/membership/membershipStore.ts). */
export { toMembershipDto as membershipDtoOf } from '../membership/membershipStore';

/**
 * The undecided refund request per membership: a refund_requested event that no
 * refund_approved / refund_rejected event references through ref_id. The newest wins if, against
 * the rules, there are several.
 */
export function pendingRefunds(
  events: readonly { id: string; membership_id: string; kind: string; occurred_at: string; ref_id: string | null }[],
): Map<string, string> {
  const decided = new Set(events.filter((e) => (e.kind === 'refund_approved' || e.kind === 'refund_rejected') && e.ref_id).map((e) => e.ref_id));
  const pending = new Map<string, { id: string; at: string }>();
  for (const e of events) {
    if (e.kind !== 'refund_requested' || decided.has(e.id)) continue;
    const seen = pending.get(e.membership_id);
    if (!seen || e.occurred_at > seen.at) pending.set(e.membership_id, { id: e.id, at: e.occurred_at });
  }
  return new Map([...pending].map(([membershipId, v]) => [membershipId, v.id]));
}

export function deletionRequestDtoOf(row: DeletionRequestRow): DeletionRequestDto {
  return {
    id: row.id,
    memberId: row.member_id,
    memberNo: row.member_no,
    memberNameMasked: maskName(row.member_name),
    reason: row.reason,
    requestedAt: row.requested_at,
    requestedBy: row.requested_by_name,
    status: row.status,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by_name,
    note: row.note,
  };
}

/**
 * The desk's one-line member summary, as the search list shows it (services/memberSearch.ts):
 * tier in force now and the status of the membership covering today, a not-yet-started one
 * counting as active.
 */
export function memberSummaryOf(
  ctx: ServiceContext,
  row: { id: string; member_no: string; name: string; phone_tail: string },
  /** Read once by a caller mapping many rows. */
  at: { now: string; today: string } = summaryInstant(ctx),
): MemberSummaryDto {
  const { now, today } = at;
  const tier = ctx.reads.tier.get(row.id, now);
  const membership = ctx.reads.membership.get(row.id, today);
  const effective = membership
    ? membershipEffectiveStatus(membership, today)
    : null;
  return {
    id: row.id,
    memberNo: row.member_no,
    name: row.name,
    phoneTail: row.phone_tail,
    tier: tier && isTierCode(tier.tier_code) ? tier.tier_code : null,
    membershipStatus: effective === 'not_started' ? 'active' : effective,
  };
}

export function summaryInstant(ctx: ServiceContext): { now: string; today: string } {
  const now = ctx.clock.now().toISOString();
  return { now, today: localParts(now, ctx.desk.timeZone).date };
}
