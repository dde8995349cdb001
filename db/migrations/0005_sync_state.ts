import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The branch side of sync (SYNC.md "Branch side"). Additive only; frozen once landed.
 *
 * - sync_state: one row (id = 1). Enrollment (head-office URL, device id, branch id — the device
 *   secret is never stored here, it is held by the OS key store), the push cursor
 *   `last_acked_seq` (the highest outbox seq head office has processed), the clock offset to
 *   head-office time, and what the desk shows: last success, last error, consecutive failures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('server_url', 'text')
    .addColumn('device_id', 'text')
    .addColumn('branch_id', 'text')
    .addColumn('enrolled_at', 'text')
    .addColumn('last_acked_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clock_offset_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO sync_state (id) VALUES (1)`.execute(db);
}
