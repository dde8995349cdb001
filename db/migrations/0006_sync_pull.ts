import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The pull side of sync (SYNC.md "Branch side"). Additive only; frozen once landed.
 *
 * - sync_cursor: per change-log scope (`global`, `branch:<head-office branch id>`), the last seq
 *   applied. Written in the transaction that applies the page it ends.
 * - visit.version: visits come down to the other PCs of the same branch; like every replicated
 *   table they carry head office's version so a refetched page is harmless.
 * - sync_bootstrap: one row (id = 1). The roster download of a new or reset PC: the watermark
 *   (the head of each scope when it started, JSON), rows expected and written, and when it
 *   completed. A PC whose `completed_at` is null bootstraps before it pulls.
 * - sync_bootstrap_table: per roster table, the last primary key committed to staging and
 *   whether the table is complete, so an interruption resumes from the last committed page.
 * - sync_staging_*: the roster as head office sent it (its ids, not yet mapped to the local
 *   branch), swapped into the live tables in one transaction once complete and verified.
 *   No constraints: the live tables check the rows at the swap.
 */
const STAGING: Record<string, string[]> = {
  branch: ['code', 'name', 'time_zone', 'version'],
  member: [
    'member_no', 'name', 'gender', 'birthday', 'phone', 'phone_tail', 'home_branch_id', 'photo', 'medical_alert', 'fitness_goal',
    'preferred_courses', 'created_at', 'updated_at', 'erased_at', 'registered_by', 'version',
  ],
  membership: ['member_id', 'plan_name', 'plan_code', 'starts_on', 'valid_until', 'status', 'frozen_from', 'frozen_until', 'created_at', 'updated_at', 'version'],
  card_binding: ['card_uid', 'w26_key', 'member_id', 'status', 'bound_at', 'ended_at', 'version'],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_cursor')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('visit').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('sync_bootstrap')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('watermark', 'text')
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await sql`INSERT INTO sync_bootstrap (id) VALUES (1)`.execute(db);

  await db.schema
    .createTable('sync_bootstrap_table')
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('last_key', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  for (const [table, columns] of Object.entries(STAGING)) {
    let create = db.schema.createTable(`sync_staging_${table}`).addColumn('id', 'text', (c) => c.primaryKey());
    for (const column of columns) create = create.addColumn(column, 'blob'); // blob: no type affinity, values kept as sent
    // Clustered by id: keyset pages arrive in id order, so rows are appended, with no second index.
    await create.modifyEnd(sql`WITHOUT ROWID`).execute();
  }
  // The swap looks up, per local active card, whether head office gave that card to another binding.
  await db.schema.createIndex('sync_staging_card_binding_uid').on('sync_staging_card_binding').column('card_uid').execute();
}
