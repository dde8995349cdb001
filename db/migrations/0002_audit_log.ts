import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The audit log (SECURITY.md, "Personal data"): who did what, when, to which record. Append-only
 * and hash-chained: each row's `hash` is SHA-256 over the previous row's hash and this row's
 * fields (services/audit/auditChain.ts), so an edit or a deletion in the middle breaks the chain.
 * `details` is a JSON object of references (ids, field names), never personal data values.
 * Frozen once landed, like every migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    // AUTOINCREMENT so a seq is never reused even after the tail is deleted: verification walks
    // seq order and reports a hole as a gap.
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type IN ('staff','member','system','device')`))
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

  // Append-only in the database too, so no code path (or stray SQL) can rewrite history. These
  // stop mistakes, not an attacker holding the file: the chain and the head anchored at head
  // office are what detect that. The Cybersecurity Law's >= 6-month retention purge will be a
  // deliberate later migration that drops the delete trigger, deletes old rows (keeping the tail
  // and recording the new first row's prev_hash as the verification anchor) and recreates it.
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);

  // A new row must link to the current head (64 zeros on an empty table). The writer already
  // reads the head in its transaction; this makes a stale head (a bug, a second writer) fail
  // loudly instead of committing a fork that verification would later flag as tampering.
  await sql`CREATE TRIGGER audit_log_links_to_head BEFORE INSERT ON audit_log
    WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), ${sql.lit('0'.repeat(64))})
    BEGIN SELECT RAISE(ABORT, 'audit_log prev_hash is not the current head'); END`.execute(db);
}
