import { type Kysely, sql } from 'kysely';
import { BRANCH_WALL_STATEMENTS } from './branchWallSql';
import { PUSH_BATCH_TAIL_FUNCTION, PUSH_VISIT_RUN_WITH_LOCK_TIMEOUT, PUSH_VISITS_EARLY_FUNCTION } from './pushMixedSql';
import { PUSH_MIXED_STORED_EARLY_STATEMENTS } from './pushMixedStoredEarlySql';
import { PUSH_VISIT_RUN_FUNCTION } from './pushVisitRunSql';
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
  {
    // The roster and the branch facts, named like the kiosk's tables (core/sync/replicated.ts),
    // with head office's own additions: who pushed a fact, sealed columns kept opaque, the
    // per-field clock of member edits and their conflict log, probable duplicates to merge.
    version: 2,
    name: '0002_roster',
    statements: [
      `ALTER TABLE branch ADD COLUMN version integer NOT NULL DEFAULT 1`,
      `ALTER TABLE member ADD COLUMN photo text`,
      `ALTER TABLE member ADD COLUMN fitness_goal text`,
      `ALTER TABLE member ADD COLUMN preferred_courses jsonb NOT NULL DEFAULT '[]'`,
      `ALTER TABLE member ADD COLUMN erased_at timestamptz`,
      `ALTER TABLE member ADD COLUMN registered_by text`,
      // Sealed with the registering branch's key: head office stores them and never reads them.
      `ALTER TABLE member ADD COLUMN id_card_sealed text`,
      `ALTER TABLE member ADD COLUMN health_notes_sealed text`,
      `ALTER TABLE member ADD COLUMN emergency_contact_sealed text`,
      // {column: hlc} of the last accepted write of each branch-editable column (per-field LWW).
      `ALTER TABLE member ADD COLUMN field_clock jsonb NOT NULL DEFAULT '{}'`,
      `CREATE INDEX member_phone ON member(phone)`,
      `ALTER TABLE card_binding ADD COLUMN branch_id text REFERENCES branch(id)`,
      `ALTER TABLE card_binding ADD COLUMN staff_id text`,
      `CREATE INDEX card_binding_member ON card_binding(member_id)`,
      `CREATE TABLE membership (
        id text PRIMARY KEY,
        member_id text NOT NULL REFERENCES member(id),
        plan_name text NOT NULL,
        plan_code text,
        starts_on text NOT NULL CHECK (starts_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        valid_until text NOT NULL CHECK (valid_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        status text NOT NULL CHECK (status IN ('active','frozen','expired','cancelled')),
        frozen_from text,
        frozen_until text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        branch_id text NOT NULL REFERENCES branch(id),
        version integer NOT NULL DEFAULT 0)`,
      `CREATE INDEX membership_member ON membership(member_id, valid_until)`,
      `CREATE TABLE membership_event (
        id text PRIMARY KEY,
        membership_id text NOT NULL REFERENCES membership(id),
        member_id text NOT NULL REFERENCES member(id),
        kind text NOT NULL CHECK (kind IN ('created','frozen','unfrozen','renewed','refund_requested','refund_approved','refund_rejected','cancelled')),
        occurred_at timestamptz NOT NULL,
        staff_id text,
        from_date text,
        to_date text,
        amount_fen integer,
        reason text,
        ref_id text,
        branch_id text NOT NULL REFERENCES branch(id),
        received_from_device_id text NOT NULL REFERENCES device(id))`,
      `CREATE INDEX membership_event_member ON membership_event(member_id, occurred_at)`,
      `CREATE TABLE member_consent (
        id text PRIMARY KEY,
        member_id text NOT NULL REFERENCES member(id),
        kind text NOT NULL CHECK (kind IN ('sensitive')),
        granted boolean NOT NULL,
        text_version text NOT NULL,
        recorded_at timestamptz NOT NULL,
        staff_id text,
        branch_id text NOT NULL REFERENCES branch(id))`,
      `CREATE INDEX member_consent_member ON member_consent(member_id, recorded_at)`,
      // Facts: no foreign key to member (pushes of two devices may arrive out of order).
      `CREATE TABLE consumption (
        id text PRIMARY KEY,
        member_id text NOT NULL,
        branch_id text NOT NULL REFERENCES branch(id),
        occurred_at timestamptz NOT NULL,
        category text NOT NULL CHECK (category IN ('membership','course','personal_training','product')),
        amount_fen integer NOT NULL CHECK (amount_fen > 0),
        receipt_no text,
        note text,
        source text NOT NULL CHECK (source IN ('desk','import','renewal')),
        import_id text,
        staff_id text,
        created_at timestamptz NOT NULL,
        received_from_device_id text NOT NULL REFERENCES device(id))`,
      `CREATE INDEX consumption_member ON consumption(member_id, occurred_at)`,
      `CREATE UNIQUE INDEX consumption_receipt ON consumption(branch_id, receipt_no) WHERE receipt_no IS NOT NULL`,
      `CREATE TABLE class_attendance (
        id text PRIMARY KEY,
        member_id text NOT NULL,
        session_id text NOT NULL,
        branch_id text NOT NULL REFERENCES branch(id),
        staff_id text,
        attended_at timestamptz NOT NULL,
        quota_month text NOT NULL,
        used_free_quota boolean NOT NULL,
        received_from_device_id text NOT NULL REFERENCES device(id),
        UNIQUE (member_id, session_id))`,
      `CREATE INDEX class_attendance_branch_time ON class_attendance(branch_id, attended_at)`,
      // A request may name a member registered at another branch whose push has not arrived yet.
      `CREATE TABLE deletion_request (
        id text PRIMARY KEY,
        member_id text NOT NULL,
        reason text NOT NULL,
        requested_by text,
        requested_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','approved','rejected')),
        decided_by text,
        decided_at timestamptz,
        note text,
        branch_id text NOT NULL REFERENCES branch(id))`,
      `CREATE INDEX deletion_request_member ON deletion_request(member_id)`,
      // The losing value of a per-field last-writer-wins (SYNC.md), kept for a person to review.
      `CREATE TABLE member_conflict (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id text NOT NULL REFERENCES member(id),
        field text NOT NULL,
        losing_value jsonb,
        losing_hlc text NOT NULL,
        winning_hlc text NOT NULL,
        mutation_id text NOT NULL,
        branch_id text NOT NULL REFERENCES branch(id),
        recorded_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE INDEX member_conflict_member ON member_conflict(member_id)`,
      // Registrations that look like an existing member (same phone): never refused, merged later.
      `CREATE TABLE member_duplicate (
        member_id text NOT NULL REFERENCES member(id),
        duplicate_of text NOT NULL REFERENCES member(id),
        matched_on text NOT NULL CHECK (matched_on IN ('phone')),
        flagged_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        PRIMARY KEY (member_id, duplicate_of))`,
      // Branches created before this migration reach the global change log once, in one
      // transaction's seq range, so enrolled branches learn every branch.
      `INSERT INTO sync_scope (scope, last_seq) VALUES ('global', 0) ON CONFLICT (scope) DO NOTHING`,
      `INSERT INTO change_log (scope, seq, tx_last_seq, table_name, pk, op, row, version)
        SELECT 'global', s.last_seq + b.n, s.last_seq + b.total, 'branch', b.id, 'upsert',
               jsonb_build_object('id', b.id, 'code', b.code, 'name', b.name, 'time_zone', b.time_zone, 'version', b.version), b.version
        FROM (SELECT id, code, name, time_zone, version, row_number() OVER (ORDER BY created_at, id) AS n, count(*) OVER () AS total FROM branch) b,
             (SELECT last_seq FROM sync_scope WHERE scope = 'global' FOR UPDATE) s`,
      `UPDATE sync_scope SET last_seq = last_seq + (SELECT count(*) FROM branch) WHERE scope = 'global'`,
    ],
  },
  {
    // Chain-wide member numbers (docs/DECISIONS.md "Member numbers"): every enrolled device gets
    // a small serial, its member-number prefix; head office renumbers a collision into the
    // reserved prefix M0000, found by this index rather than a scan of every member.
    version: 3,
    name: '0003_member_numbers',
    statements: [
      `ALTER TABLE device ADD COLUMN serial integer UNIQUE`,
      `UPDATE device SET serial = s.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM device) s WHERE device.id = s.id`,
      `ALTER TABLE device ALTER COLUMN serial SET NOT NULL`,
      `ALTER TABLE device ADD CONSTRAINT device_serial_positive CHECK (serial > 0)`,
      `CREATE INDEX member_reserved_no ON member (length(member_no), member_no COLLATE "C") WHERE member_no ~ '^M0000[0-9]{6,}$'`,
    ],
  },
  {
    // A push of new check-ins in one statement (docs/DECISIONS.md "Head-office push throughput").
    version: 4,
    name: '0004_push_visit_run',
    statements: [PUSH_VISIT_RUN_FUNCTION],
  },
  {
    // The database's check that a push writes only its own branch's facts (docs/DECISIONS.md "Head office").
    version: 5,
    name: '0005_branch_wall',
    statements: BRANCH_WALL_STATEMENTS,
  },
  {
    // A push of check-ins mixed with other mutations in two steps, the visits before the push's turn (docs/DECISIONS.md "Head-office push throughput").
    version: 6,
    name: '0006_push_mixed',
    statements: [PUSH_VISITS_EARLY_FUNCTION, PUSH_BATCH_TAIL_FUNCTION, PUSH_VISIT_RUN_WITH_LOCK_TIMEOUT],
  },
  {
    // The mixed push's visits stored with their results before the push's turn (docs/DECISIONS.md "Head-office push throughput").
    version: 7,
    name: '0007_push_mixed_stored_early',
    statements: PUSH_MIXED_STORED_EARLY_STATEMENTS,
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
