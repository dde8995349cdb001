import type { AuditEntryDto } from '../../core/contract/staffDto';
import type { KioskDatabase } from '../../db/connection';
import { verifyAuditLog } from './verifyAuditLog';

export interface AuditFilter {
  entityId?: string;
  action?: string;
  limit?: number;
}

/** The audit log for managers: newest first, with the acting staff member's name. */
export class AuditReader {
  constructor(private readonly kdb: KioskDatabase) {}

  async recent(filter: AuditFilter): Promise<AuditEntryDto[]> {
    let q = this.kdb.db
      .selectFrom('audit_log as a')
      .leftJoin('staff as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_type', '=', 'staff'))
      .select(['a.seq', 'a.at', 'a.actor_type', 'a.actor_id', 's.name as actor_name', 'a.action', 'a.entity', 'a.entity_id', 'a.details'])
      .orderBy('a.seq', 'desc')
      .limit(filter.limit ?? 50);
    if (filter.entityId !== undefined) q = q.where('a.entity_id', '=', filter.entityId);
    if (filter.action !== undefined) q = q.where('a.action', '=', filter.action);
    const rows = await q.execute();
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorName: r.actor_name ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  verify(): { ok: boolean; checked: number; brokenAtSeq: number | null; problem: string | null } {
    const result = verifyAuditLog(this.kdb.sqlite);
    return result.ok
      ? { ok: true, checked: result.entries, brokenAtSeq: null, problem: null }
      : { ok: false, checked: result.entries, brokenAtSeq: result.firstBadSeq, problem: result.problem };
  }
}
