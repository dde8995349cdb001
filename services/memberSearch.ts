import { effectiveMembershipStatus } from '../core/checkin/membershipStatus';
import type { MemberSummaryDto } from '../core/contract/dto';
import { isTierCode } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { searchMembers } from '../db/queries/members';
import type { ServiceContext } from './context';

/** Manual check-in search: name, phone tail or member number. */
export class MemberSearch {
  constructor(private readonly ctx: ServiceContext) {}

  async search(query: string, limit: number): Promise<MemberSummaryDto[]> {
    const db = this.ctx.kdb.db;
    const rows = await searchMembers(db, query, limit);
    const now = this.ctx.clock.now().toISOString();
    const today = localParts(now, this.ctx.desk.timeZone).date;
    return rows.map((r) => {
      const tier = this.ctx.reads.tier.get(r.id, now);
      const membership = this.ctx.reads.membership.get(r.id, today);
      // The search list shows a not-yet-started membership as active: it is a valid one.
      const effective = membership
        ? effectiveMembershipStatus({ status: membership.status, startsOn: membership.starts_on, validUntil: membership.valid_until, frozenFrom: membership.frozen_from, frozenUntil: membership.frozen_until }, today)
        : null;
      const status = effective === 'not_started' ? 'active' : effective;
      return {
        id: r.id,
        memberNo: r.member_no,
        name: r.name,
        phoneTail: r.phone_tail,
        tier: tier && isTierCode(tier.tier_code) ? tier.tier_code : null,
        membershipStatus: status,
      };
    });
  }
}
