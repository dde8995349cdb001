import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapChecksums, bootstrapPage, bootstrapStart, bucketOf, ROW_HASH_HEX_DIGITS, rowHashInput, rowsFit } from '../core/sync/bootstrapProtocol';
import { REPLICATED_TABLES } from '../core/sync/replicated';
import { pullResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER } from '../core/sync/protocol';
import { createBranch } from './admin';
import { enrollDevice, issueEnrollmentCode } from './auth/enrollment';
import { SUPPORTED_SCHEMA } from './server';
import { appendChangesInTransaction } from './sync/changeLog';
import { minRetainedSeq, pruneChangeLog } from './sync/retention';
import { BACKENDS, TestDevice } from './testing';
import { servedHq } from './testSuite';

describe.each(BACKENDS)('roster bootstrap and log retention on $name', (backend) => {
  const suite = servedHq(backend);
  let branch: { id: string };
  let d: TestDevice;
  const memberIds: string[] = [];

  beforeAll(async () => {
    branch = await createBranch(suite.hq.db, { code: `R-${randomUUID().slice(0, 6)}`, name: '总部测试店' });
    const { code } = await issueEnrollmentCode(suite.hq.db, branch.id);
    const e = (await enrollDevice(suite.hq.db, code, 'desk'))!;
    d = new TestDevice(suite.app, e.deviceId, e.secret, e.branchId);
    const now = new Date('2026-10-01T00:00:00Z');
    const members = Array.from({ length: 700 }, (_, i) => ({
      id: randomUUID(), member_no: `R${i}-${randomUUID().slice(0, 6)}`, name: `会员${i}`, gender: 'male', birthday: null, phone: `1380000${String(i).padStart(4, '0')}`,
      phone_tail: String(i).padStart(4, '0'), home_branch_id: branch.id, medical_alert: i % 2 === 0, created_at: now, updated_at: now, version: 1 + (i % 3),
    }));
    await suite.hq.db.insertInto('member').values(members).execute();
    memberIds.push(...members.map((m) => m.id).sort());
  }, 60_000);

  const get = async (url: string) => d.request('GET', url);

  it('starts with the scope heads and the row counts', async () => {
    const res = await get('/v1/bootstrap');
    expect(res.status).toBe(200);
    const start = bootstrapStart.parse(res.body);
    const global = await suite.hq.db.selectFrom('sync_scope').select('last_seq').where('scope', '=', 'global').executeTakeFirstOrThrow();
    expect(start.watermark).toEqual({ global: Number(global.last_seq), [`branch:${branch.id}`]: 0 });
    expect(start.tables.find((t) => t.table === 'member')?.rows).toBe(700);
  });

  it('pages a table by primary key, every row once, in the kiosk shape', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const q: URLSearchParams = new URLSearchParams({ table: 'member', ...(after ? { after } : {}), limit: '100' });
      const page = bootstrapPage.parse((await get(`/v1/bootstrap/rows?${q.toString()}`)).body);
      seen.push(...page.rows.map((r) => String(r[0])));
      expect(rowsFit('member', page.rows)).toBe(true);
      const alert = REPLICATED_TABLES.member.columns.indexOf('medical_alert');
      expect(page.rows.every((r) => r[alert] === 0 || r[alert] === 1)).toBe(true);
      if (!page.hasMore) break;
      after = page.last;
    }
    expect(seen).toEqual(memberIds);
  });

  it('serves one bucket alone, and checksums that equal the kiosk’s computation', async () => {
    const bucket = bucketOf(memberIds[0]!);
    const page = bootstrapPage.parse((await get(`/v1/bootstrap/rows?table=member&limit=1000&bucket=${bucket}`)).body);
    expect(page.rows.map((r) => r[0])).toEqual(memberIds.filter((id) => bucketOf(id) === bucket));

    const sums = bootstrapChecksums.parse((await get('/v1/bootstrap/checksums?table=member')).body);
    const rows = await suite.hq.db.selectFrom('member').select(['id', 'version']).execute();
    const expected = new Map<string, { count: number; hash: number }>();
    for (const r of rows) {
      const b = expected.get(bucketOf(r.id)) ?? { count: 0, hash: 0 };
      b.count++;
      b.hash += parseInt(createHash('md5').update(rowHashInput(r.id, r.version)).digest('hex').slice(0, ROW_HASH_HEX_DIGITS), 16);
      expected.set(bucketOf(r.id), b);
    }
    expect(sums.buckets.length).toBe(expected.size);
    for (const b of sums.buckets) expect({ count: b.count, hash: b.hash }).toEqual(expected.get(b.bucket));
  });

  it('refuses tables outside the roster, oversized pages and unsigned requests', async () => {
    expect((await get('/v1/bootstrap/rows?table=visit')).status).toBe(400);
    expect((await get('/v1/bootstrap/rows?table=device')).status).toBe(400);
    expect((await get('/v1/bootstrap/checksums?table=sync_mutation')).status).toBe(400);
    expect((await get('/v1/bootstrap/rows?table=member&limit=100000')).status).toBe(400);
    const unsigned = await suite.app.inject({ method: 'GET', url: '/v1/bootstrap', headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: '6' } });
    expect(unsigned.statusCode).toBe(401);
  });

  it('accepts the kiosk schema 6 and nothing newer', async () => {
    expect(SUPPORTED_SCHEMA.max).toBe(6);
    const newer = await d.request('GET', '/v1/bootstrap', undefined, { headers: { [SCHEMA_HEADER]: '7' } });
    expect(newer.status).toBe(426);
  });

  it('keeps at least 35 days of log, never a scope’s newest transaction, and answers reset below it', async () => {
    await expect(pruneChangeLog(suite.hq.db, 34)).rejects.toThrow(/35 days/);
    const log = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await suite.hq.db.transaction().execute((trx) =>
          appendChangesInTransaction(trx, [0, 1].map(() => ({ scope: 'global', table: 'branch', pk: branch.id, op: 'upsert' as const, row: { id: branch.id }, version: 1 }))),
        );
      }
    };
    await log(3);
    const head = async () => Number((await suite.hq.db.selectFrom('sync_scope').select('last_seq').where('scope', '=', 'global').executeTakeFirstOrThrow()).last_seq);

    // Today: nothing is old enough.
    expect((await pruneChangeLog(suite.hq.db)).find((p) => p.scope === 'global')).toMatchObject({ deleted: 0, minRetainedSeq: 1 });
    expect(pullResponse.parse((await d.pull('global', 0)).body)).toMatchObject({ reset: false });

    // Forty days on: all but the newest transaction (two rows) goes.
    const h = await head();
    const pruned = (await pruneChangeLog(suite.hq.db, 35, new Date(Date.now() + 40 * 86_400_000))).find((p) => p.scope === 'global');
    expect(pruned).toMatchObject({ deleted: h - 2, minRetainedSeq: h - 1 });
    expect(await minRetainedSeq(suite.hq.db, 'global')).toBe(h - 1);

    expect(pullResponse.parse((await d.pull('global', 0)).body)).toMatchObject({ reset: true });
    expect(pullResponse.parse((await d.pull('global', h - 3)).body)).toMatchObject({ reset: true });
    expect(pullResponse.parse((await d.pull('global', h - 2)).body)).toMatchObject({ reset: false, cursor: h });
    expect(pullResponse.parse((await d.pull('global', h)).body)).toMatchObject({ reset: false, changes: [] });
    // A new PC's branch cursor starts before the oldest retained visit, never inside the pruned part.
    const start = bootstrapStart.parse((await get('/v1/bootstrap')).body);
    expect(start.watermark.global).toBe(h);
  });
});
