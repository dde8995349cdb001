import type { Kysely } from 'kysely';
import type { HqDB } from '../db/schema';

/** SYNC.md: head office keeps at least this many days of change log. */
export const MIN_RETENTION_DAYS = 35;

export interface PrunedScope {
  scope: string;
  deleted: number;
  /** The smallest seq still in the log: a pull from a cursor below `minRetainedSeq - 1` is answered `reset`. */
  minRetainedSeq: number;
}

/**
 * Deletes change-log rows committed more than `olderThanDays` ago. Whole transactions only
 * (their rows share `committed_at`), and never a scope's newest transaction: so the log of a
 * scope is never empty once written, and a pull after a pruned cursor always meets a gap before
 * its first row, which readChanges answers with `reset` (seqs are contiguous per scope).
 */
export async function pruneChangeLog(db: Kysely<HqDB>, olderThanDays = MIN_RETENTION_DAYS, now: Date = new Date()): Promise<PrunedScope[]> {
  if (!(olderThanDays >= MIN_RETENTION_DAYS)) throw new Error(`the change log is kept at least ${MIN_RETENTION_DAYS} days (asked ${olderThanDays})`);
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  const scopes = await db.selectFrom('sync_scope').select(['scope', 'last_seq']).orderBy('scope').execute();
  const out: PrunedScope[] = [];
  for (const { scope, last_seq } of scopes) {
    const r = await db.deleteFrom('change_log').where('scope', '=', scope).where('committed_at', '<', cutoff).where('tx_last_seq', '<', last_seq).executeTakeFirst();
    out.push({ scope, deleted: Number(r.numDeletedRows), minRetainedSeq: await minRetainedSeq(db, scope) });
  }
  return out;
}

/** The smallest seq of the scope still in the log (the head + 1 when the log holds none). */
export async function minRetainedSeq(db: Kysely<HqDB>, scope: string): Promise<number> {
  const r = await db.selectFrom('change_log').select((eb) => eb.fn.min('seq').as('min')).where('scope', '=', scope).executeTakeFirst();
  if (r?.min !== null && r?.min !== undefined) return Number(r.min);
  const head = await db.selectFrom('sync_scope').select('last_seq').where('scope', '=', scope).executeTakeFirst();
  return Number(head?.last_seq ?? 0) + 1;
}
