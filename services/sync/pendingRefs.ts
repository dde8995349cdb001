import type Database from 'better-sqlite3';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id-looking string in a mutation's args, at any depth. */
function idsIn(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (UUID.test(value)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) idsIn(v, out);
  }
}

/**
 * Fills temp.sync_pending_ref with every id named by a pending outbox mutation, so a roster swap
 * (bootstrapStore.ts) keeps the rows those mutations still refer to.
 */
export function loadPendingRefs(sqlite: Database.Database): void {
  sqlite.prepare('CREATE TEMP TABLE IF NOT EXISTS sync_pending_ref (id TEXT PRIMARY KEY)').run();
  sqlite.prepare('DELETE FROM temp.sync_pending_ref').run();
  const ids = new Set<string>();
  for (const args of sqlite.prepare<[], string>("SELECT args FROM sync_outbox WHERE status = 'pending'").pluck().iterate()) {
    try {
      idsIn(JSON.parse(args), ids);
    } catch {
      // args are always JSON (db/outbox.ts); nothing to protect in a row that is not
    }
  }
  const add = sqlite.prepare('INSERT OR IGNORE INTO temp.sync_pending_ref (id) VALUES (?)');
  for (const id of ids) add.run(id);
}
