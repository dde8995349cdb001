import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollResponse } from '../../core/sync/protocol';
import { createBranch } from '../admin';
import { HQ_MIGRATIONS } from '../db/migrations';
import { type HqDatabase, openHqDatabase } from '../db/open';
import { pglitePool } from '../db/pglitePool';
import type { HqDB } from '../db/schema';
import { BACKENDS } from '../testing';
import { enrollDevice, issueEnrollmentCode, memberNoPrefixOf } from './enrollment';

describe('memberNoPrefixOf', () => {
  it('is M and the serial padded to 4 digits, wider past 9999; never M0000', () => {
    expect(memberNoPrefixOf(1)).toBe('M0001');
    expect(memberNoPrefixOf(7)).toBe('M0007');
    expect(memberNoPrefixOf(9999)).toBe('M9999');
    expect(memberNoPrefixOf(10000)).toBe('M10000');
    expect(() => memberNoPrefixOf(0)).toThrow();
    expect(() => memberNoPrefixOf(1.5)).toThrow();
  });
});

describe.each(BACKENDS)('device serials on $name', (backend) => {
  let hq: HqDatabase;
  let cleanup: () => Promise<void>;
  let branchNo = 0;

  beforeAll(async () => {
    ({ hq, cleanup } = await backend.open());
  }, 60_000);
  afterAll(async () => {
    await cleanup?.();
  });

  const newBranch = () => createBranch(hq.db, { code: `S${++branchNo}`, name: `Branch ${branchNo}` });
  const enroll = async (branchId: string, name = 'Front desk') => {
    const { code } = await issueEnrollmentCode(hq.db, branchId);
    const e = await enrollDevice(hq.db, code, name);
    if (!e) throw new Error('the code was refused');
    return e;
  };
  const serialOf = async (deviceId: string) => (await hq.db.selectFrom('device').select('serial').where('id', '=', deviceId).executeTakeFirstOrThrow()).serial;

  it('numbers devices 1, 2, 3 across branches; the prefix is in the enroll answer and a re-enrolled PC gets a new one', async () => {
    const a = await newBranch();
    const b = await newBranch();
    const first = await enroll(a.id);
    const second = await enroll(b.id);
    const again = await enroll(a.id, 'Front desk (re-enrolled)');
    expect([await serialOf(first.deviceId), await serialOf(second.deviceId), await serialOf(again.deviceId)]).toEqual([1, 2, 3]);
    expect([first.memberNoPrefix, second.memberNoPrefix, again.memberNoPrefix]).toEqual(['M0001', 'M0002', 'M0003']);
    // What /v1/enroll sends (the enrolled record and the server time) passes the strict protocol schema.
    expect(enrollResponse.parse({ ...first, serverTime: new Date().toISOString() }).memberNoPrefix).toBe('M0001');
  });

  it('a refused code takes no serial', async () => {
    const before = await hq.db.selectFrom('device').select((eb) => eb.fn.max('serial').as('top')).executeTakeFirstOrThrow();
    expect(await enrollDevice(hq.db, 'ABCD-EFGH-JKMN', 'x')).toBeNull();
    const b = await newBranch();
    const e = await enroll(b.id);
    expect(await serialOf(e.deviceId)).toBe(Number(before.top) + 1);
  });

  it('concurrent enrollments each get their own serial, with no gap', async () => {
    const b = await newBranch();
    const codes = await Promise.all(Array.from({ length: 10 }, () => issueEnrollmentCode(hq.db, b.id)));
    const before = Number((await hq.db.selectFrom('device').select((eb) => eb.fn.max('serial').as('top')).executeTakeFirstOrThrow()).top);
    const enrolled = await Promise.all(codes.map(({ code }, i) => enrollDevice(hq.db, code, `Desk ${i}`)));
    const serials = await Promise.all(enrolled.map((e) => serialOf(e!.deviceId)));
    expect([...serials].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => before + 1 + i));
    expect(new Set(enrolled.map((e) => e!.memberNoPrefix)).size).toBe(10);
  }, 30_000);
});

describe('migration 3 on a head office with devices already enrolled', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hq-serial-backfill-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives existing devices serials 1…n in enrollment order, then numbers new ones after them', async () => {
    // A database at migration 2 with three devices, as a head office before this release has it.
    const lite = await PGlite.create(dir);
    const old = new Kysely<HqDB>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
    await sql`CREATE TABLE hq_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(old);
    for (const m of HQ_MIGRATIONS.filter((x) => x.version <= 2)) {
      for (const statement of m.statements) await sql.raw(statement).execute(old);
      await old.insertInto('hq_migration').values({ version: m.version, name: m.name }).execute();
    }
    await sql`INSERT INTO branch (id, code, name, time_zone) VALUES ('b1', 'OLD', 'Old branch', 'Asia/Shanghai')`.execute(old);
    for (const [id, at] of [['d-late', '2026-03-01T00:00:00Z'], ['d-early', '2026-01-01T00:00:00Z'], ['d-mid', '2026-02-01T00:00:00Z']]) {
      await sql`INSERT INTO device (id, branch_id, name, secret, created_at) VALUES (${id}, 'b1', 'desk', 'c2VjcmV0', ${at})`.execute(old);
    }
    await old.destroy();

    const hq = await openHqDatabase({ dataDir: dir });
    try {
      const rows = await hq.db.selectFrom('device').select(['id', 'serial']).orderBy('serial').execute();
      expect(rows).toEqual([{ id: 'd-early', serial: 1 }, { id: 'd-mid', serial: 2 }, { id: 'd-late', serial: 3 }]);
      const { code } = await issueEnrollmentCode(hq.db, 'b1');
      expect((await enrollDevice(hq.db, code, 'new desk'))?.memberNoPrefix).toBe('M0004');
    } finally {
      await hq.close();
    }
  }, 60_000);
});
