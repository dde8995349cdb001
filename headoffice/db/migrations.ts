import { type Kysely, sql } from 'kysely';
import type { HqDB } from './schema';

export interface HqMigration {
  /** Equals the position in the list, starting at 1. */
  version: number;
  name: string;
  /** One statement per entry: PGlite's extended protocol runs one statement per query. */
  statements: readonly string[];
}

/**
 * The head office's migrations, the same for PostgreSQL and PGlite. Additive only once released.
 * Raw SQL lives here only (SECURITY.md: no raw SQL helpers outside migrations).
 */
export const HQ_MIGRATIONS: readonly HqMigration[] = [
  {
    version: 1,
    name: '0001_initial',
    statements: [
      `CREATE TABLE branch (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        time_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE device (
        id text PRIMARY KEY,
        branch_id text NOT NULL REFERENCES branch(id),
        name text NOT NULL,
        secret text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        revoked_at timestamptz)`,
      `CREATE TABLE enrollment_code (
        code_hash text PRIMARY KEY,
        branch_id text NOT NULL REFERENCES branch(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        device_id text REFERENCES device(id))`,
      `CREATE TABLE sync_client (
        client_id text PRIMARY KEY,
        device_id text NOT NULL REFERENCES device(id),
        branch_id text NOT NULL REFERENCES branch(id),
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE sync_mutation (
        client_id text NOT NULL REFERENCES sync_client(client_id),
        seq bigint NOT NULL,
        mutation_id text NOT NULL UNIQUE,
        name text NOT NULL,
        version integer NOT NULL,
        args_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('applied','rejected')),
        result jsonb NOT NULL,
        hlc text NOT NULL,
        device_time timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, seq))`,
      `CREATE TABLE sync_scope (
        scope text PRIMARY KEY,
        last_seq bigint NOT NULL DEFAULT 0)`,
      `CREATE TABLE change_log (
        scope text NOT NULL,
        seq bigint NOT NULL,
        tx_last_seq bigint NOT NULL,
        table_name text NOT NULL,
        pk text NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert','delete')),
        row jsonb,
        version integer NOT NULL,
        committed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, seq))`,
      `CREATE TABLE member (
        id text PRIMARY KEY,
        member_no text NOT NULL UNIQUE,
        name text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('female','male','unspecified')),
        birthday text,
        phone text NOT NULL,
        phone_tail text NOT NULL,
        home_branch_id text NOT NULL REFERENCES branch(id),
        medical_alert boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 0)`,
      `CREATE TABLE card_binding (
        id text PRIMARY KEY,
        card_uid text NOT NULL,
        w26_key text,
        member_id text NOT NULL REFERENCES member(id),
        status text NOT NULL CHECK (status IN ('active','lost','replaced','unbound')),
        bound_at timestamptz NOT NULL,
        ended_at timestamptz,
        version integer NOT NULL DEFAULT 0)`,
      `CREATE UNIQUE INDEX card_binding_active_uid ON card_binding(card_uid) WHERE status = 'active'`,
      // No foreign key to member: a visit may arrive before the roster change that created its
      // member (member sync is not built yet), and a visit is never lost for that.
      `CREATE TABLE visit (
        id text PRIMARY KEY,
        member_id text NOT NULL,
        branch_id text NOT NULL REFERENCES branch(id),
        device_id text NOT NULL,
        staff_id text,
        source text NOT NULL CHECK (source IN ('card','manual','kiosk')),
        card_uid text,
        occurred_at timestamptz NOT NULL,
        admitted boolean NOT NULL,
        color text NOT NULL CHECK (color IN ('green','yellow','red')),
        reasons jsonb NOT NULL,
        tier_code text,
        override_staff_id text,
        override_reason text,
        overridden_at timestamptz,
        received_from_device_id text NOT NULL REFERENCES device(id),
        version integer NOT NULL DEFAULT 0)`,
      `CREATE INDEX visit_branch_time ON visit(branch_id, occurred_at)`,
      `CREATE INDEX visit_member_time ON visit(member_id, occurred_at)`,
    ],
  },
];

/**
 * Runs the pending migrations in one transaction under an advisory lock, so two head-office
 * processes starting together on one database do not both migrate.
 */
export async function migrateHq(db: Kysely<HqDB>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(72451001)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS hq_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(trx);
    const done = await trx.selectFrom('hq_migration').select('version').execute();
    const have = new Set(done.map((r) => Number(r.version)));
    let ran = 0;
    for (const m of HQ_MIGRATIONS) {
      if (have.has(m.version)) continue;
      for (const statement of m.statements) await sql.raw(statement).execute(trx);
      await trx.insertInto('hq_migration').values({ version: m.version, name: m.name }).execute();
      ran++;
    }
    return ran;
  });
}
