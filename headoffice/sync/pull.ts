import type { Kysely } from 'kysely';
import type { Change, PullResponse } from '../../core/sync/protocol';
import type { HqDB } from '../db/schema';
import type { WithoutServerTime } from './pushSteps';

export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;

/**
 * Changes after the cursor, in seq order; `reset` for a cursor the log no longer reaches back to. A page never ends inside one transaction's changes: it
 * is extended to the transaction's last seq (so a page may exceed `limit` by one transaction).
 */
export async function readChanges(db: Kysely<HqDB>, scope: string, after: number, limit: number): Promise<WithoutServerTime<PullResponse>> {
  let rows = await db.selectFrom('change_log').selectAll().where('scope', '=', scope).where('seq', '>', after).orderBy('seq').limit(limit).execute();
  const last = rows.at(-1);
  if (last && Number(last.tx_last_seq) > Number(last.seq)) {
    const rest = await db.selectFrom('change_log').selectAll().where('scope', '=', scope).where('seq', '>', last.seq).where('seq', '<=', last.tx_last_seq).orderBy('seq').execute();
    rows = rows.concat(rest);
  }
  // Read after the rows: a seq committed in sync_scope implies its change rows are committed.
  const head = await db.selectFrom('sync_scope').select('last_seq').where('scope', '=', scope).executeTakeFirst();
  const headSeq = head ? Number(head.last_seq) : 0;
  if (after > headSeq) return { reset: true };
  // Seqs are contiguous per scope and retention never prunes a scope's newest transaction
  // (sync/retention.ts): a first row beyond after + 1 means the rows between were pruned.
  const first = rows[0];
  if (first && Number(first.seq) > after + 1) return { reset: true };
  const changes: Change[] = rows.map((r) => ({
    scope: r.scope, seq: Number(r.seq), table: r.table_name, pk: r.pk, op: r.op,
    row: r.row === null ? null : (r.row as Record<string, unknown>), version: Number(r.version),
  }));
  const cursor = changes.at(-1)?.seq ?? after;
  return { reset: false, changes, cursor, hasMore: cursor < headSeq };
}
