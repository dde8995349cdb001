import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createBranch } from '../headoffice/admin';
import { issueEnrollmentCode } from '../headoffice/auth/enrollment';
import { demoStaff } from '../services/demo/demoStaff';
import { openKiosk, type Kiosk } from '../services/kiosk';
import { BootstrapStore } from '../services/sync/bootstrapStore';
import { ROOT } from './lib';
import type { BenchHq } from './syncHq';

/** Members per INSERT … SELECT, so progress shows and no statement runs for minutes. */
const SEED_CHUNK = 250_000;

/**
 * `n` members at head office, each with a membership and an active card, written straight into
 * PostgreSQL with INSERT … SELECT generate_series (the roster as a large chain's head office
 * holds it, not what is measured). Ids are UUID-shaped with a counter at the end, so the
 * bootstrap's checksum buckets (the last two characters) are even.
 */
export async function seedRoster(bench: BenchHq, n: number, branchId: string): Promise<number> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: bench.url, options: `-c search_path=${bench.schema}` });
  await c.connect();
  const id = (prefix: string) => `'${prefix}-0000-7000-8000-' || lpad(to_hex(i), 12, '0')`;
  try {
    for (let from = 1; from <= n; from += SEED_CHUNK) {
      const to = Math.min(n, from + SEED_CHUNK - 1);
      const range = `FROM generate_series(${from}, ${to}) AS i`;
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO member (id, member_no, name, gender, birthday, phone, phone_tail, home_branch_id, medical_alert, created_at, updated_at, version)
         SELECT ${id('01900000')}, 'B' || lpad(i::text, 8, '0'), '会员' || i, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
                '1990-01-01', '166' || lpad(i::text, 8, '0'), right(lpad(i::text, 8, '0'), 4), $1, false, now(), now(), 1 ${range}`,
        [branchId],
      );
      await c.query(
        `INSERT INTO membership (id, member_id, plan_name, plan_code, starts_on, valid_until, status, created_at, updated_at, branch_id, version)
         SELECT ${id('01900001')}, ${id('01900000')}, '年卡', 'year', '2026-01-01', '2026-12-31', 'active', now(), now(), $1, 1 ${range}`,
        [branchId],
      );
      await c.query(
        `INSERT INTO card_binding (id, card_uid, w26_key, member_id, status, bound_at, branch_id, version)
         SELECT ${id('01900002')}, 'E' || lpad(upper(to_hex(i)), 7, '0'), NULL, ${id('01900000')}, 'active', now(), $1, 1 ${range}`,
        [branchId],
      );
      await c.query('COMMIT');
      process.stderr.write(`[bench] sync: head-office roster ${to}/${n} members\n`);
    }
    await c.query('ANALYZE member; ANALYZE membership; ANALYZE card_binding');
  } finally {
    await c.end();
  }
  return (performance.now() - t0) / 1000;
}

export interface BootstrapFigures {
  seedSeconds: number;
  seconds: number;
  /** Roster rows the desk downloaded (every table). */
  rows: number;
}

const BOOTSTRAP_TIMEOUT_MS = 20 * 60_000;

/**
 * Head office holds `members` members (with a membership and an active card each); a fresh desk
 * enrolls (`sync.enroll`, as the branch-admin screen does) and its sync engine downloads the
 * roster (services/sync/bootstrapClient.ts: keyset pages into staging, bucket checksums, the
 * swap). Times from the enrollment call until the download is complete.
 */
export async function measureBootstrap(bench: BenchHq, serverUrl: string, members: number): Promise<BootstrapFigures> {
  const branch = await createBranch(bench.hq.db, { code: 'BENCH-BOOT', name: '新开店' });
  const seedSeconds = await seedRoster(bench, members, branch.id);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-boot-'));
  let opened: Kiosk | null = null;
  try {
    const kiosk = await openKiosk({ dbPath: join(dir, 'kiosk.sqlite'), resourcesDir: join(ROOT, 'resources'), clock: { now: () => new Date() }, demo: true });
    opened = kiosk;
    const staff = demoStaff('headoffice');
    const staffId = kiosk.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(staff.name) as string;
    await kiosk.api['staff.signIn']({ staffId, pin: staff.pin });
    const store = new BootstrapStore(kiosk.ctx.kdb);
    const { code } = await issueEnrollmentCode(bench.hq.db, branch.id);
    const t0 = performance.now();
    await kiosk.api['sync.enroll']({ serverUrl, code, deviceName: '前台 新机' });
    let nextReport = Date.now() + 5000;
    while (store.needed()) {
      const s = kiosk.sync.status();
      if (s.state === 'error') throw new Error(`the bootstrap failed: ${s.lastError ?? s.state}`);
      if (performance.now() - t0 > BOOTSTRAP_TIMEOUT_MS) throw new Error(`gave up after ${BOOTSTRAP_TIMEOUT_MS / 1000} s waiting for the bootstrap`);
      if (Date.now() > nextReport) {
        const p = store.read();
        process.stderr.write(`[bench] sync: bootstrap ${p.done}/${p.total} rows${s.lastError ? `, last error: ${s.lastError}` : ''}\n`);
        nextReport += 5000;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    await kiosk.sync.stop();
    // The figure only counts if the roster really arrived in the live tables.
    const cards = kiosk.ctx.kdb.sqlite.prepare("SELECT count(*) FROM card_binding WHERE status = 'active' AND card_uid LIKE 'E%'").pluck().get() as number;
    if (cards < members) throw new Error(`the bootstrap completed with ${cards} of head office's ${members} active cards on the desk`);
    return { seedSeconds, seconds, rows: store.read().done };
  } finally {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
