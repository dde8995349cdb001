import pg from 'pg';
import { createBranch } from '../headoffice/admin';
import { issueEnrollmentCode } from '../headoffice/auth/enrollment';
import { ownCpuSeconds, processesCpuSeconds } from './processCpu';
import type { BenchHq } from './syncHq';
import type { OfflineWeek } from './syncWeek';

/** How long the drain may take before the benchmark gives up on it. */
const DRAIN_TIMEOUT_MS = 15 * 60_000;
const INSERT_ROWS_PER_STATEMENT = 500;

export interface DrainFigures {
  drainSeconds: number;
  enrollSeconds: number;
  rejected: number;
  /** Rejections per mutation name and error code, e.g. `member.update UNKNOWN_MUTATION`. */
  rejectedBy: Record<string, number>;
  pushed: number;
  hqVisits: number;
  insertSeconds: number;
  /** CPU seconds spent during the drain by the desk's process, head office's and PostgreSQL's (null: unreadable here). */
  cpuSeconds: { desk: number; headOffice: number; postgres: number | null };
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string, progress: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  let nextReport = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up after ${timeoutMs / 1000} s waiting for ${what} (${progress()})`);
    if (Date.now() > nextReport) {
      process.stderr.write(`[bench] sync: ${progress()}\n`);
      nextReport += 5000;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Enrolls the desk that spent the week offline (a new branch, a one-time code, `sync.enroll`
 * over HTTP as the branch-admin screen does) and times from the enrollment call until its
 * outbox has nothing pending: the real sync engine and push client against the real server.
 */
export async function timeDrain(week: OfflineWeek, bench: BenchHq, serverUrl: string): Promise<Omit<DrainFigures, 'insertSeconds'>> {
  const { kiosk } = week;
  const sqlite = kiosk.ctx.kdb.sqlite;
  const pushed = sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'pending'").pluck().get() as number;
  const branch = await createBranch(bench.hq.db, { code: 'BENCH-WEEK', name: '基准测试店' });
  const { code } = await issueEnrollmentCode(bench.hq.db, branch.id);
  // Through the partial index of pending rows: O(1), so polling takes no time from the push client.
  const anyPending = sqlite.prepare("SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE status = 'pending')").pluck();

  const cpuNow = async () => ({ desk: ownCpuSeconds(), headOffice: await bench.serverCpuSeconds(), postgres: processesCpuSeconds('postgres') });
  const cpu0 = await cpuNow();
  const t0 = performance.now();
  await kiosk.api['sync.enroll']({ serverUrl, code, deviceName: '前台 基准' });
  const t1 = performance.now();
  await waitUntil(() => anyPending.get() === 0, DRAIN_TIMEOUT_MS, 'the outbox to drain', () => {
    const s = kiosk.sync.status();
    return `draining, ${s.pendingCount} of ${pushed} pending, state ${s.state}${s.lastError ? `, last error: ${s.lastError}` : ''}`;
  });
  const t2 = performance.now();
  const cpu1 = await cpuNow();
  // The engine goes on to bootstrap and pull; stopped here so the baseline runs alone.
  await kiosk.sync.stop();

  const rejectedRows = sqlite
    .prepare("SELECT name, coalesce(json_extract(result, '$.error.code'), 'LOCAL') AS code, count(*) AS n FROM sync_outbox WHERE status = 'rejected' GROUP BY 1, 2 ORDER BY 1, 2")
    .all() as { name: string; code: string; n: number }[];
  const hqVisits = await bench.hq.db.selectFrom('visit').select((eb) => eb.fn.countAll<number>().as('n')).where('branch_id', '=', branch.id).executeTakeFirstOrThrow();
  return {
    drainSeconds: (t2 - t0) / 1000,
    enrollSeconds: (t1 - t0) / 1000,
    rejected: rejectedRows.reduce((sum, r) => sum + r.n, 0),
    rejectedBy: Object.fromEntries(rejectedRows.map((r) => [`${r.name} ${r.code}`, r.n])),
    pushed,
    hqVisits: Number(hqVisits.n),
    cpuSeconds: {
      desk: cpu1.desk - cpu0.desk,
      headOffice: cpu1.headOffice - cpu0.headOffice,
      postgres: cpu0.postgres === null || cpu1.postgres === null ? null : cpu1.postgres - cpu0.postgres,
    },
  };
}

/** The visit columns head office stores (headoffice/db/migrations.ts `visit`), in insert order. */
const VISIT_COLUMNS = [
  'id', 'member_id', 'branch_id', 'device_id', 'staff_id', 'source', 'card_uid', 'occurred_at', 'admitted', 'color', 'reasons',
  'tier_code', 'override_staff_id', 'override_reason', 'overridden_at', 'received_from_device_id', 'version',
] as const;

function multiRowInsert(table: string, columns: readonly string[], rows: unknown[][]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(',')})`);
  return { text: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, values };
}

/**
 * The baseline: the same week's rows written the plainest way into the same PostgreSQL — the
 * visits into a scratch copy of head office's `visit` table (same columns, constraints, foreign
 * keys and indexes: `LIKE … INCLUDING ALL` and the foreign keys, which LIKE leaves out), the
 * other mutations as plain rows (id, name, args), in multi-row INSERTs of 500 rows on one
 * connection. Times the INSERTs only.
 */
export async function timePlainInsert(week: OfflineWeek, bench: BenchHq): Promise<number> {
  const outbox = week.kiosk.ctx.kdb.sqlite.prepare('SELECT mutation_id, name, args FROM sync_outbox ORDER BY seq').all() as { mutation_id: string; name: string; args: string }[];
  // As head office stored them: under its id of the branch and the enrolled device as receiver.
  const stored = await bench.hq.db.selectFrom('visit').select(['branch_id', 'received_from_device_id']).limit(1).executeTakeFirstOrThrow();
  const visitRows: unknown[][] = [];
  const otherRows: unknown[][] = [];
  for (const r of outbox) {
    if (r.name !== 'visit.record') {
      otherRows.push([r.mutation_id, r.name, r.args]);
      continue;
    }
    const a = JSON.parse(r.args) as Record<string, unknown>;
    visitRows.push([
      a.id, a.member_id, stored.branch_id, a.device_id, a.staff_id, a.source, a.card_uid, a.occurred_at, a.admitted === 1, a.color,
      JSON.stringify(a.reasons), a.tier_code, a.override_staff_id, a.override_reason, a.overridden_at, stored.received_from_device_id, 1,
    ]);
  }
  const client = new pg.Client({ connectionString: bench.url, options: `-c search_path=${bench.schema}` });
  await client.connect();
  try {
    await client.query('CREATE TABLE bench_visit (LIKE visit INCLUDING ALL)');
    // LIKE copies no foreign keys; a row written to head office's visit table is checked against
    // them (its branch, its receiving device), so the copy gets the same ones.
    const { rows: foreignKeys } = await client.query<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'visit'::regclass AND contype = 'f' ORDER BY conname",
    );
    for (const { def } of foreignKeys) await client.query(`ALTER TABLE bench_visit ADD ${def}`);
    await client.query('CREATE TABLE bench_mutation (id text PRIMARY KEY, name text NOT NULL, args jsonb NOT NULL)');
    const statements = [
      ...chunks(visitRows).map((rows) => multiRowInsert('bench_visit', VISIT_COLUMNS, rows)),
      ...chunks(otherRows).map((rows) => multiRowInsert('bench_mutation', ['id', 'name', 'args'], rows)),
    ];
    const t0 = performance.now();
    for (const s of statements) await client.query(s);
    return (performance.now() - t0) / 1000;
  } finally {
    await client.end();
  }
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) out.push(rows.slice(i, i + INSERT_ROWS_PER_STATEMENT));
  return out;
}
