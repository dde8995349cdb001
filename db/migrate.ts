import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';

export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(`database schema version ${found} is newer than this app supports (${supported}); update the app`);
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Applies every pending migration and the new PRAGMA user_version in one transaction (the
 * version lives in the database header page, so it commits or rolls back with the schema).
 * A database written by a newer app is refused rather than misread.
 */
export async function migrate(db: Kysely<unknown>, sqlite: Database.Database): Promise<number> {
  const current = Number(sqlite.pragma('user_version', { simple: true }));
  if (current > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(current, LATEST_SCHEMA_VERSION);
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  await db.transaction().execute(async (trx) => {
    for (const m of pending) await m.up(trx);
    await sql.raw(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION}`).execute(trx);
  });
  return LATEST_SCHEMA_VERSION;
}
