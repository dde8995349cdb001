import Database from 'better-sqlite3';
import type { BranchRecord } from './headOffice';

interface SqliteLike {
  prepare(sql: string): { all(...args: unknown[]): unknown[] };
}

export function localVisitIds(sqlite: SqliteLike): string[] {
  return (sqlite.prepare('SELECT id FROM visit').all() as { id: string }[]).map((r) => r.id);
}

/** The outbox and the visits written since `baseline` (the visit ids present when the branch opened). */
export function readBranchRecord(sqlite: SqliteLike, baseline: ReadonlySet<string>): BranchRecord {
  const outbox = sqlite
    .prepare("SELECT seq, mutation_id, name, status, CASE WHEN name = 'visit.record' THEN json_extract(args, '$.id') END AS visitId FROM sync_outbox ORDER BY seq")
    .all() as BranchRecord['outbox'];
  return { outbox, newVisitIds: localVisitIds(sqlite).filter((id) => !baseline.has(id)) };
}

/** Reads a branch's database file once its process has exited (a killed one included: SQLite recovers the WAL). */
export function readBranchFile(dbPath: string, baseline: ReadonlySet<string>): BranchRecord {
  const db = new Database(dbPath);
  try {
    return readBranchRecord(db, baseline);
  } finally {
    db.close();
  }
}
