/**
 * SYNC.md fault 2, the crash-point sweep: the branch PC is its own process, killed with SIGKILL
 * at a named step of a push, of a pull page or of the roster download, then started again on the
 * same SQLite file. After the restart and a sync, head office holds every visit exactly once,
 * the queue is drained, and the branch's replica equals head office's change log.
 * Fault 12 across processes: while the killed-to-be branch still runs, a second app instance on
 * the same database refuses to start its sync engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from '../../services/kiosk';
import { systemClock } from '../../services/ports';
import { registration } from '../../services/members/memberTestKit';
import { openBranchDesk, seededRandom } from './branchDesk';
import type { ChildCrashPoint, SyncPath } from './branchProcess';
import { readBranchFile } from './branchRecord';
import { type BranchChild, CHILD_TIMEOUT_MS, spawnBranch } from './childProcess';
import { type FaultProxy, startFaultProxy } from './faultProxy';
import { BACKENDS, expectExactlyOnce, headOfficeView, type RunningHeadOffice, startHeadOffice } from './headOffice';
import { expectReplicaEqualsHeadOffice } from './replicaCheck';

/**
 * Push: before the request leaves; after head office committed, its answer held by the proxy;
 * with the answer received, before the local acknowledgement. Pull and roster download: with a
 * page received, before it is applied.
 */
type CrashPoint = 'push beforeSend' | 'push afterCommit' | 'push afterResponse' | 'mid pull page' | 'mid bootstrap';
const CHILD_POINTS: Record<Exclude<CrashPoint, 'push afterCommit'>, { point: ChildCrashPoint; path: SyncPath }> = {
  'push beforeSend': { point: 'beforeSend', path: '/v1/push' },
  'push afterResponse': { point: 'afterResponse', path: '/v1/push' },
  'mid pull page': { point: 'afterResponse', path: '/v1/pull' },
  'mid bootstrap': { point: 'afterResponse', path: '/v1/bootstrap/rows' },
};

let ho: RunningHeadOffice;
let proxy: FaultProxy;
const dirs: string[] = [];

beforeAll(async () => {
  ho = await startHeadOffice(BACKENDS[0]!);
  proxy = await startFaultProxy(ho.port);
  // A roster at head office (members registered at another branch), so a new PC's download
  // and its pulls take several pages.
  const { code } = await ho.branchWithCode();
  const other = await openBranchDesk(ho.url, code);
  try {
    for (let i = 0; i < 6; i++) {
      await other.k.api['members.register'](registration({ profile: { phone: `1661000${String(i).padStart(4, '0')}` }, plan: { code: 'year', startsOn: today(), amountFen: 299_900 }, acknowledgeDuplicates: true }));
    }
    await other.drained();
  } finally {
    await other.dispose();
  }
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await ho?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function localCursor(dbPath: string): number {
  const db = new Database(dbPath);
  try {
    return db.prepare('SELECT last_acked_seq FROM sync_state WHERE id = 1').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The second request is where the branch dies: the first push has already set up the client at head office. */
const CRASH_AT = 2;
const PAGE_SIZE = 2;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('crash-point sweep: the branch process killed with SIGKILL (SYNC.md fault 2)', () => {
  it.each<CrashPoint>(['push beforeSend', 'push afterCommit', 'push afterResponse', 'mid pull page', 'mid bootstrap'])(
    'killed at %s: after restart and sync, every visit at head office once, the queue drained, the replica equal',
    async (point) => {
      const { branchId, code } = await ho.branchWithCode();
      const dir = mkdtempSync(join(tmpdir(), 'chaos-crash-'));
      dirs.push(dir);
      const dbPath = join(dir, 'kiosk.sqlite');

      let pushes = 0;
      let heldAnswer: number | null = null;
      let first: BranchChild | null = null;
      proxy.decide = (r) => {
        if (r.path !== '/v1/push' || point !== 'push afterCommit' || ++pushes !== CRASH_AT) return { kind: 'pass' };
        // Head office has committed and answered; the branch dies before the answer reaches it.
        return {
          kind: 'hold',
          release: async (answer) => {
            heldAnswer = answer.status;
            await first!.kill9();
            return false;
          },
        };
      };
      const childPoint = point === 'push afterCommit' ? undefined : { ...CHILD_POINTS[point], at: CRASH_AT };
      first = spawnBranch({ dbPath, serverUrl: proxy.url, code, checkins: 14, maxCount: 3, pageSize: PAGE_SIZE, ...(childPoint ? { crash: childPoint } : {}) });
      const opened = await first.next('opened');
      if (childPoint) {
        await first.next('crashPoint');
        if (point === 'push beforeSend') await expectSecondInstanceRefused(dbPath, first.proc.pid!);
        await first.kill9();
      } else {
        await first.exited;
        expect(heldAnswer).toBe(200);
      }
      expect(first.proc.signalCode).toBe('SIGKILL');

      // Where the kill left the two sides: the server is ahead of the branch's cursor exactly when
      // it committed a batch the branch never acknowledged — before the second request is sent,
      // the first may be, as the second is sent ahead while the first is answered.
      const serverSeq = (await headOfficeView(ho.hq.db, branchId)).clients.map((c) => Number(c.last_seq));
      expect(serverSeq).toHaveLength(1);
      if (point === 'push afterCommit' || point === 'push afterResponse') expect(serverSeq[0]).toBeGreaterThan(localCursor(dbPath));
      else if (point === 'push beforeSend') expect(serverSeq[0]).toBeGreaterThanOrEqual(localCursor(dbPath));
      else expect(serverSeq[0]).toBe(localCursor(dbPath));

      proxy.decide = () => ({ kind: 'pass' });
      const second = spawnBranch({ dbPath, serverUrl: proxy.url, checkins: 4, maxCount: 3, pageSize: PAGE_SIZE });
      await second.next('drained');
      expect(await second.exited).toBe(0);

      const record = readBranchFile(dbPath, new Set(opened.visitIds));
      expect(record.newVisitIds.length).toBeGreaterThan(CRASH_AT);
      await expectExactlyOnce(ho.hq.db, branchId, record);
      const db = new Database(dbPath);
      try {
        const compared = await expectReplicaEqualsHeadOffice(ho.hq.db, db, { local: opened.localBranchId, hq: branchId });
        expect(compared).toBeGreaterThan(6); // the roster registered elsewhere came down
      } finally {
        db.close();
      }
    },
    3 * CHILD_TIMEOUT_MS,
  );
});

describe('the branch process killed at random moments (SYNC.md fault 2)', () => {
  const seed = Number(process.env.CHAOS_SEED ?? 7_2026);
  it(`three SIGKILLs at seeded random times while writing and syncing, then a clean run: nothing lost or doubled (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const { branchId, code } = await ho.branchWithCode();
    const dir = mkdtempSync(join(tmpdir(), 'chaos-crash-'));
    dirs.push(dir);
    const dbPath = join(dir, 'kiosk.sqlite');
    proxy.decide = () => ({ kind: 'pass' });
    let baseline: Set<string> | null = null;
    let localBranchId = '';
    for (let run = 0; run < 3; run++) {
      const child = spawnBranch({ dbPath, serverUrl: proxy.url, ...(run === 0 ? { code } : {}), checkins: 40, maxCount: 3, pageSize: PAGE_SIZE, linger: true });
      const opened = await child.next('opened');
      baseline ??= new Set(opened.visitIds);
      localBranchId = opened.localBranchId;
      await child.next('enrolled');
      // Somewhere in the writes, a push, a pull or their local transactions.
      await new Promise((r) => setTimeout(r, 50 + Math.floor(random() * 600)));
      await child.kill9();
      expect(child.proc.signalCode, `exit ${child.proc.exitCode}: ${child.failure}\n${child.output()}`).toBe('SIGKILL');
    }
    const last = spawnBranch({ dbPath, serverUrl: proxy.url, checkins: 2, maxCount: 3, pageSize: PAGE_SIZE });
    await last.next('drained');
    expect(await last.exited).toBe(0);
    const record = readBranchFile(dbPath, baseline!);
    expect(record.newVisitIds.length).toBeGreaterThan(2);
    await expectExactlyOnce(ho.hq.db, branchId, record);
    const db = new Database(dbPath);
    try {
      await expectReplicaEqualsHeadOffice(ho.hq.db, db, { local: localBranchId, hq: branchId });
    } finally {
      db.close();
    }
  }, 5 * CHILD_TIMEOUT_MS);
});

/** A second app instance on the same database file while the branch process runs: its engine does not start. */
async function expectSecondInstanceRefused(dbPath: string, holderPid: number): Promise<void> {
  const second = await openKiosk({ dbPath, resourcesDir: join(import.meta.dirname, '../../resources'), clock: systemClock });
  try {
    expect(second.sync.running).toBeNull();
    const status = second.sync.status();
    expect(status).toMatchObject({ enrolled: true, state: 'error' });
    expect(status.lastError).toContain(`another sync engine (process ${holderPid}) already runs on this database`);
  } finally {
    await second.close();
  }
}
