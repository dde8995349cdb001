import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Staff sign-in with a PIN (SECURITY.md "Staff and access"). Additive only: existing staff rows
 * get no PIN (they cannot sign in until one is set) and a clean failure counter.
 * - pin_hash: `scrypt$N$r$p$saltB64$hashB64` (services/staff/pinHash.ts). Self-describing so a
 *   later change of cost parameters, or of algorithm, needs no migration; hence no CHECK on it.
 * - failed_attempts: consecutive wrong PINs since the last success; drives the lockout.
 * - locked_until: ISO instant before which sign-in is refused without checking the PIN.
 * - pin_set_at: when the PIN was last set, for a future expiry or "PIN set by manager" display.
 * Frozen once landed, like every migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('staff').addColumn('pin_hash', 'text').execute();
  await db.schema
    .alterTable('staff')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`failed_attempts >= 0`))
    .execute();
  await db.schema.alterTable('staff').addColumn('locked_until', 'text').execute();
  await db.schema.alterTable('staff').addColumn('pin_set_at', 'text').execute();
}
