import type { MemberSummaryDto } from '../core/contract/dto';
import { searchMembers } from '../db/queries/members';
import type { ServiceContext } from './context';
import { memberSummaryOf, summaryInstant } from './members/memberDtos';

/** Manual check-in search: name, phone tail or member number. */
export class MemberSearch {
  constructor(private readonly ctx: ServiceContext) {}

  async search(query: string, limit: number): Promise<MemberSummaryDto[]> {
    const db = this.ctx.kdb.db;
    const rows = await searchMembers(db, query, limit);
    const at = summaryInstant(this.ctx);
    return rows.map((r) => memberSummaryOf(this.ctx, r, at));
  }
}
