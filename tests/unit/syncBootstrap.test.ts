import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../core/sync/bootstrapProtocol';
import { pruneChangeLog } from '../../headoffice/sync/retention';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { BootstrapClient } from '../../services/sync/bootstrapClient';
import { enrolledKioskSuite } from './headOfficeFixture';
import { hqMemberRow, hqRoster, hqWrite, rosterDifferences } from './syncPullTestKit';
import { staticSecret } from '../../services/sync/signer';
import { ClockOffset, CursorStore, SyncStateStore } from '../../services/sync/syncState';

/** The roster download of a new PC against the real head office (PGlite): SYNC.md fault 10, and reset. */
const MEMBERS = 3000;
const suite = enrolledKioskSuite({
  seed: async (rig, home) => {
    const elsewhere = await rig.branch();
    await hqRoster(rig.hq, home.id, MEMBERS - 300);
    await hqRoster(rig.hq, elsewhere.id, 300);
  },
  timeoutMs: 120_000,
});

const ids = () => ({ server: suite.home.id, local: suite.kiosk.k.ctx.desk.branchId });

/** A fresh client each time, as after a restart: everything it knows comes from SQLite. */
function client(fetchFn: typeof fetch, pageSize = 250) {
  const kdb = suite.kiosk.k.ctx.kdb;
  return new BootstrapClient({
    kdb, clock: { now: () => new Date() }, secret: staticSecret(suite.kiosk.secret), state: new SyncStateStore(kdb), offset: new ClockOffset(), fetch: fetchFn,
    localBranchId: suite.kiosk.k.ctx.desk.branchId, pageSize,
  });
}

/** Deterministic pseudo-random numbers in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const path = (input: Parameters<typeof fetch>[0]) => new URL(input instanceof Request ? input.url : String(input));
const pageKey = (u: URL) => `${u.searchParams.get('table')}|${u.searchParams.get('after') ?? ''}|${u.searchParams.get('bucket') ?? ''}`;

async function globalHead(): Promise<number> {
  const r = await suite.rig.hq.db.selectFrom('sync_scope').select('last_seq').where('scope', '=', 'global').executeTakeFirstOrThrow();
  return Number(r.last_seq);
}

describe('bootstrap', () => {
  it('interrupted at random pages, resumes after the last committed page and ends identical to head office (fault 10)', async () => {
    const random = seeded(10);
    const delivered = new Map<string, number>();
    let interruptions = 0;
    const flaky: typeof fetch = async (input, init) => {
      const u = path(input);
      const isPage = u.pathname === '/v1/bootstrap/rows';
      if (isPage && random() < 0.1) {
        interruptions++;
        throw new TypeError('fetch failed (injected before sending)');
      }
      const res = await fetch(input, init);
      if (isPage && random() < 0.2) {
        interruptions++;
        throw new TypeError('fetch failed (injected: the answer was lost)');
      }
      if (isPage) delivered.set(pageKey(u), (delivered.get(pageKey(u)) ?? 0) + 1);
      return res;
    };

    const progress: number[] = [];
    let outcome;
    for (let attempt = 0; attempt < 200; attempt++) {
      const c = client(flaky);
      outcome = await c.run();
      progress.push(c.progress()?.done ?? -1);
      if (outcome.kind === 'complete') break;
      expect(outcome).toMatchObject({ kind: 'retry' });
    }
    expect(outcome).toMatchObject({ kind: 'complete', repaired: [] });
    expect(interruptions).toBeGreaterThan(5);
    // A page that reached the kiosk was committed: it is never asked for again.
    expect([...delivered.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(delivered.size).toBeGreaterThan(30);
    // Progress only moves forward across the interruptions.
    const during = progress.slice(0, -1);
    expect(during).toEqual([...during].sort((a, b) => a - b));

    expect(await rosterDifferences(suite.rig, suite.kiosk.k, ids())).toEqual([]);
    expect(new CursorStore(suite.kiosk.k.ctx.kdb).get('global')).toBe(await globalHead());
    expect(client(fetch).progress()).toBeNull();
    expect(suite.kiosk.k.ctx.kdb.sqlite.prepare('SELECT count(*) FROM sync_staging_member').pluck().get()).toBe(0);
  }, 120_000);

  it('detects a corrupted bucket in staging and downloads only the buckets that differ', async () => {
    // First run: every page in, then the checksum request fails, so staging is complete but unverified.
    let failChecksums = true;
    const bucketRequests: string[] = [];
    const f: typeof fetch = async (input, init) => {
      const u = path(input);
      if (u.pathname === '/v1/bootstrap/checksums' && failChecksums) throw new TypeError('fetch failed (injected)');
      if (u.searchParams.get('bucket')) bucketRequests.push(`${u.searchParams.get('table')}:${u.searchParams.get('bucket')}`);
      return fetch(input, init);
    };
    expect(await client(f, 1000).run()).toMatchObject({ kind: 'retry' });

    // Corrupt staging: a row lost, a row's version changed.
    const sqlite = suite.kiosk.k.ctx.kdb.sqlite;
    const [lost, stale] = sqlite.prepare('SELECT id FROM sync_staging_member ORDER BY id LIMIT 2 OFFSET 100').pluck().all() as string[];
    sqlite.prepare('DELETE FROM sync_staging_member WHERE id = ?').run(lost);
    sqlite.prepare('UPDATE sync_staging_member SET version = version + 5 WHERE id = ?').run(stale);

    failChecksums = false;
    const outcome = await client(f, 1000).run();
    const expected = [...new Set([bucketOf(lost!), bucketOf(stale!)])].sort().map((bucket) => ({ table: 'member', bucket }));
    expect(outcome).toMatchObject({ kind: 'complete', repaired: expected });
    expect([...new Set(bucketRequests)].sort()).toEqual(expected.map((e) => `member:${e.bucket}`));
    expect(await rosterDifferences(suite.rig, suite.kiosk.k, ids())).toEqual([]);
  }, 120_000);

  it('shows the download in the engine status as rows done of rows expected, then null', async () => {
    const seen: ({ done: number; total: number } | null)[] = [];
    const engine = suite.kiosk.engine({ bootstrapPageSize: 500, onStatus: (st) => seen.push(st.bootstrap) });
    expect(engine.status().bootstrap).toEqual({ done: 0, total: 0 });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    const during = seen.filter((b) => b !== null);
    const counts = await Promise.all((['branch', 'member', 'membership', 'card_binding'] as const).map(async (t) =>
      Number((await suite.rig.hq.db.selectFrom(t as 'member').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)));
    const total = counts.reduce((a, b) => a + b, 0);
    expect(during.length).toBeGreaterThan(10);
    expect(during.every((b) => b.total === total && b.done <= total)).toBe(true);
    expect(during.map((b) => b.done)).toEqual([...during.map((b) => b.done)].sort((a, b) => a - b));
    expect(during.at(-1)!.done).toBe(total);
    expect(seen.at(-1)).toBeNull();
    expect(engine.status().bootstrap).toBeNull();
  }, 120_000);

  it('on reset drains the outbox first, then downloads the roster again; nothing pending is lost', async () => {
    const engine = suite.kiosk.engine();
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(engine.status().bootstrap).toBeNull();

    // Check-ins at the desk while head office prunes its log past this PC's cursor.
    const [featured] = await suite.kiosk.k.api['members.search']({ query: FEATURED_MEMBERS[0]!.memberNo });
    const visit = await suite.kiosk.k.api['checkin.member']({ memberId: featured!.id });
    expect(visit.visitId).toBeTruthy();
    const x = hqMemberRow(suite.home.id);
    const y = hqMemberRow(suite.home.id);
    await hqWrite(suite.rig.hq, 'member', [x]);
    await hqWrite(suite.rig.hq, 'member', [y]);
    await pruneChangeLog(suite.rig.hq.db, 35, new Date(Date.now() + 40 * 86_400_000));

    const order: string[] = [];
    await engine.stop();
    const watched = suite.kiosk.engine({
      fetch: async (input, init) => {
        order.push(path(input).pathname);
        return fetch(input, init);
      },
    });
    watched.start();
    expect(await watched.syncNow()).toMatchObject({ kind: 'drained' });

    expect(order.indexOf('/v1/push')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('/v1/push')).toBeLessThan(order.indexOf('/v1/bootstrap'));
    expect(order.lastIndexOf('/v1/pull')).toBeGreaterThan(order.indexOf('/v1/bootstrap'));
    expect(suite.kiosk.k.ctx.kdb.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status <> 'applied'").pluck().get()).toBe(0);
    expect(await suite.rig.hq.db.selectFrom('visit').select('id').where('id', '=', visit.visitId!).execute()).toHaveLength(1);
    expect(await rosterDifferences(suite.rig, suite.kiosk.k, ids())).toEqual([]);
    expect(watched.status()).toMatchObject({ bootstrap: null, pendingCount: 0 });
    expect(new CursorStore(suite.kiosk.k.ctx.kdb).get('global')).toBe(await globalHead());
  }, 120_000);

  it('finds a row changed at head office after its page was written, from the sums kept while writing, and downloads only its bucket', async () => {
    const first = await suite.rig.hq.db.selectFrom('member').select(['id', 'version']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const bucketRequests: string[] = [];
    let changed = false;
    const f: typeof fetch = async (input, init) => {
      const u = path(input);
      if (u.searchParams.get('bucket')) bucketRequests.push(`${u.searchParams.get('table')}:${u.searchParams.get('bucket')}`);
      const res = await fetch(input, init);
      if (!changed && u.pathname === '/v1/bootstrap/rows' && u.searchParams.get('table') === 'member') {
        // Not logged: only the checksums can bring this change down before the swap.
        changed = true;
        await suite.rig.hq.db.updateTable('member').set({ name: '改名后', version: first.version + 1 }).where('id', '=', first.id).execute();
      }
      return res;
    };
    const outcome = await client(f, 500).run();
    expect(outcome).toMatchObject({ kind: 'complete', repaired: [{ table: 'member', bucket: bucketOf(first.id) }] });
    expect(bucketRequests).toEqual([`member:${bucketOf(first.id)}`]);
    expect(suite.kiosk.k.ctx.kdb.sqlite.prepare('SELECT name FROM member WHERE id = ?').pluck().get(first.id)).toBe('改名后');
    expect(await rosterDifferences(suite.rig, suite.kiosk.k, ids())).toEqual([]);
  }, 120_000);
});
