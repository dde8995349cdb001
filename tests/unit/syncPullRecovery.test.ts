import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { appendChangesInTransaction } from '../../headoffice/sync/changeLog';
import { toKioskRow } from '../../headoffice/sync/kioskRows';
import { movedAsideMemberNo } from '../../services/sync/changeApplier';
import { PULL_BRANCH_CODE_YIELDED, PULL_MEMBER_NO_MOVED_ASIDE, PULL_ROW_FAILED, PullIssueLog } from '../../services/sync/pullIssues';
import { DEFAULT_PULL_INTERVAL_MS, type EngineTimers, type SyncStatus } from '../../services/sync/syncEngine';
import { CursorStore } from '../../services/sync/syncState';
import { openTempKiosk, type TempKiosk } from '../../services/testing/tempKiosk';
import { enrolledKioskSuite } from './headOfficeFixture';
import { hqMemberRow, hqWrite } from './syncPullTestKit';

/**
 * The pull keeps going on its own and past bad rows, against the real head office (PGlite): the
 * idle poll, the pending count while offline, a branch code both sides hold, a refused row, and
 * the member panel's branch names after a pull.
 */
const suite = enrolledKioskSuite();

/** The engine's timers, fired by hand: which are set and for how long is what the tests read. */
class HandTimers implements EngineTimers {
  private next = 0;
  private readonly pending = new Map<number, { fire: () => void; delayMs: number }>();
  set(fire: () => void, delayMs: number): number {
    this.pending.set(++this.next, { fire, delayMs });
    return this.next;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.delayMs);
  }
  /** Fires the one timer set (the engine keeps at most one). */
  fire(): void {
    const [entry, ...rest] = this.pending.entries();
    if (!entry || rest.length > 0) throw new Error(`expected one timer, found ${this.pending.size}`);
    this.pending.delete(entry[0]);
    entry[1].fire();
  }
}

const sqlite = () => suite.kiosk.k.ctx.kdb.sqlite;
const member = (id: string) => sqlite().prepare('SELECT id, member_no, home_branch_id FROM member WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const branchRow = (id: string) => sqlite().prepare('SELECT id, code, name FROM branch WHERE id = ?').get(id) as Record<string, unknown> | undefined;

async function headOfficeHeads(): Promise<Record<string, number>> {
  const rows = await suite.rig.hq.db.selectFrom('sync_scope').select(['scope', 'last_seq']).where('scope', 'in', ['global', `branch:${suite.home.id}`]).execute();
  return Object.fromEntries(rows.map((r) => [r.scope, Number(r.last_seq)]));
}
function cursors(scopes: string[]): Record<string, number> {
  const store = new CursorStore(suite.kiosk.k.ctx.kdb);
  return Object.fromEntries(scopes.map((s) => [s, store.get(s)]));
}

describe('idle pull', () => {
  it('pulls on its own timer while idle (default 30 s), a kick replaces the poll, and stop() clears it', async () => {
    const timers = new HandTimers();
    const engine = suite.kiosk.engine({ timers, kickDelayMs: 5 });
    engine.start();
    expect(timers.delays()).toEqual([0]);
    timers.fire();
    await engine.idle();
    expect(engine.status().state).toBe('online');
    expect(timers.delays()).toEqual([DEFAULT_PULL_INTERVAL_MS]);

    // Another desk's change at head office, and no write here: only the poll can bring it down.
    const m = hqMemberRow(suite.home.id);
    await hqWrite(suite.rig.hq, 'member', [m]);
    timers.fire();
    expect(timers.delays()).toEqual([]); // no timer while the round runs: rounds never overlap
    engine.kick(); // a write during the round: the same round goes again, no second one
    expect(timers.delays()).toEqual([]);
    await engine.idle();
    expect(member(m.id)).toMatchObject({ home_branch_id: suite.kiosk.k.ctx.desk.branchId });
    expect(timers.delays()).toEqual([DEFAULT_PULL_INTERVAL_MS]);

    engine.kick(); // idle: the poll gives way to the short push delay
    expect(timers.delays()).toEqual([5]);
    await engine.stop();
    expect(timers.delays()).toEqual([]);
  }, 30_000);

  it('takes the back-off after a failed poll, and every kick tells the desk the new pending count', async () => {
    const timers = new HandTimers();
    let offline = false;
    const seen: SyncStatus[] = [];
    const engine = suite.kiosk.engine({
      timers,
      pullIntervalMs: 1_000,
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.5,
      fetch: (input, init) => (offline ? Promise.reject(new Error('connect ECONNREFUSED')) : fetch(input, init)),
      onStatus: (s) => seen.push(s),
    });
    engine.start();
    timers.fire();
    await engine.idle();
    expect(timers.delays()).toEqual([1_000]);

    offline = true;
    timers.fire();
    await engine.idle();
    expect(engine.status()).toMatchObject({ state: 'offline', pendingCount: 0 });
    expect(engine.status().nextRetryAt).not.toBeNull();
    expect(timers.delays()).toEqual([30_000]); // full jitter of a 60 s cap at random 0.5

    const before = seen.length;
    await suite.kiosk.k.api['checkin.member']({ memberId: featuredMemberId() });
    const pending = sqlite().prepare("SELECT count(*) FROM sync_outbox WHERE status = 'pending'").pluck().get();
    expect(pending).toBeGreaterThan(0);
    engine.kick(); // the kiosk's own writer kicks its SyncService, which has no engine here; this engine is the test's
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toMatchObject({ state: 'offline', pendingCount: pending });
    expect(timers.delays()).toEqual([30_000]); // the back-off is not cut short

    offline = false;
    timers.fire();
    await engine.idle();
    expect(engine.status()).toMatchObject({ state: 'online', pendingCount: 0, nextRetryAt: null });
    expect(timers.delays()).toEqual([1_000]);
  }, 30_000);
});

function featuredMemberId(): string {
  const id = sqlite().prepare('SELECT id FROM member WHERE member_no = ?').pluck().get(FEATURED_MEMBERS[0]!.memberNo);
  if (typeof id !== 'string') throw new Error('featured member missing');
  return id;
}

describe('rows this desk cannot apply as they are', () => {
  // The roster download swaps in head office's rows as a whole (bootstrapStore.ts): the conflicts
  // made here are undone at head office after each test so the next desk's download is clean.
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const undo of cleanups.splice(0)) await undo();
  });

  it('head office’s branch takes a code a demo branch holds: the demo row keeps its id and members, and the pull goes on', async () => {
    const local = sqlite().prepare("SELECT id, name FROM branch WHERE code = 'SH-XH-02'").get() as { id: string; name: string };
    const homedThere = sqlite().prepare('SELECT count(*) FROM member WHERE home_branch_id = ?').pluck().get(local.id);
    const engine = suite.kiosk.engine();
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' }); // the roster is in: from here on the log
    const theirs = await createBranch(suite.rig.hq.db, { code: 'SH-XH-02', name: '总部登记的徐汇滨江店' });
    cleanups.push(() => hqWrite(suite.rig.hq, 'branch', [{ id: theirs.id, code: `T-${randomUUID().slice(0, 8)}`, name: theirs.name, time_zone: theirs.timeZone, version: 2 }]));
    const m = hqMemberRow(theirs.id);
    await hqWrite(suite.rig.hq, 'member', [m]);

    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(engine.status()).toMatchObject({ state: 'online', lastError: null });

    expect(branchRow(theirs.id)).toMatchObject({ code: 'SH-XH-02', name: '总部登记的徐汇滨江店' });
    expect(branchRow(local.id)).toMatchObject({ code: 'SH-XH-02~local', name: local.name });
    expect(sqlite().prepare('SELECT count(*) FROM member WHERE home_branch_id = ?').pluck().get(local.id)).toBe(homedThere);
    expect(member(m.id)).toMatchObject({ home_branch_id: theirs.id });
    const heads = await headOfficeHeads();
    expect(cursors(Object.keys(heads))).toEqual(heads);
    expect(new PullIssueLog(sqlite(), suite.kiosk.k.clock).list()).toEqual([
      expect.objectContaining({ action: PULL_BRANCH_CODE_YIELDED, entity: 'branch', entityId: local.id, details: { from: 'SH-XH-02', to: 'SH-XH-02~local', winnerId: theirs.id } }),
    ]);
  }, 30_000);

  it('a member number a member of this desk holds goes to head office’s member: this desk’s is moved aside until its own comes down', async () => {
    const engine = suite.kiosk.engine();
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' }); // the roster is in: from here on the log
    const taken = FEATURED_MEMBERS[1]!.memberNo; // a demo member of this desk, unknown to head office
    const holder = sqlite().prepare('SELECT id FROM member WHERE member_no = ?').pluck().get(taken) as string;
    const winner = hqMemberRow(suite.home.id, { member_no: taken });
    cleanups.push(() => hqWrite(suite.rig.hq, 'member', [{ ...winner, member_no: `HQ-${randomUUID().slice(0, 8)}`, version: 2 }]));
    const after = hqMemberRow(suite.home.id);
    await hqWrite(suite.rig.hq, 'member', [winner, after]);

    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(engine.status()).toMatchObject({ state: 'online', lastError: null });
    expect(member(winner.id)).toMatchObject({ member_no: taken });
    expect(member(holder)).toMatchObject({ member_no: movedAsideMemberNo(holder) });
    expect(member(after.id)).toBeDefined();
    const heads = await headOfficeHeads();
    expect(cursors(Object.keys(heads))).toEqual(heads);
    expect(new PullIssueLog(sqlite(), suite.kiosk.k.clock).list()).toEqual([
      expect.objectContaining({ action: PULL_MEMBER_NO_MOVED_ASIDE, entity: 'member', entityId: holder, details: { winnerId: winner.id } }),
    ]);
  }, 30_000);

  it('a row this desk refuses is passed, counted and listed; the rows after it apply and the cursor reaches the head', async () => {
    const engine = suite.kiosk.engine();
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' }); // the roster is in: from here on the log
    // A gender this desk's CHECK does not know (a newer head office, say), logged without its table row.
    const refused = { ...hqMemberRow(suite.home.id), gender: 'nonbinary' };
    await suite.rig.hq.db.transaction().execute((trx) =>
      appendChangesInTransaction(trx, [{ scope: 'global', table: 'member', pk: refused.id, op: 'upsert', row: toKioskRow('member', refused), version: 1 }]),
    );
    const after = hqMemberRow(suite.home.id);
    await hqWrite(suite.rig.hq, 'member', [after]);

    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(engine.status()).toMatchObject({ state: 'online', lastError: null });

    expect(member(refused.id)).toBeUndefined();
    expect(member(after.id)).toBeDefined();
    const heads = await headOfficeHeads();
    expect(cursors(Object.keys(heads))).toEqual(heads);
    const issues = new PullIssueLog(sqlite(), suite.kiosk.k.clock).list().filter((i) => i.action === PULL_ROW_FAILED);
    expect(issues).toEqual([
      expect.objectContaining({
        entity: 'member',
        entityId: refused.id,
        details: expect.objectContaining({ scope: 'global', op: 'upsert', version: 1, reason: expect.stringMatching(/^SQLITE_CONSTRAINT_CHECK: CHECK constraint failed/) }),
      }),
    ]);
    // The next round does not report it again: the cursor is past it.
    await engine.syncNow();
    expect(new PullIssueLog(sqlite(), suite.kiosk.k.clock).list().filter((i) => i.action === PULL_ROW_FAILED)).toHaveLength(1);
  }, 30_000);
});

describe('member panel after a pull', () => {
  let desk: TempKiosk;
  afterEach(async () => {
    await desk.dispose();
  });

  it('names the home branch of a member pulled from another branch, and follows a rename at head office', async () => {
    desk = await openTempKiosk({ signedInAs: 'headoffice', syncEngine: { kickDelayMs: 5 } });
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    expect(await desk.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 2' })).toMatchObject({ state: 'online' });
    // The panel's branch names are cached from here on.
    const demo = desk.ctx.kdb.sqlite.prepare('SELECT id FROM member WHERE member_no = ?').pluck().get(FEATURED_MEMBERS[0]!.memberNo) as string;
    expect((await desk.api['members.panel']({ memberId: demo })).member.homeBranchName).not.toBe('');

    const far = await createBranch(suite.rig.hq.db, { code: `T-${randomUUID().slice(0, 8)}`, name: '远方店' });
    const m = hqMemberRow(far.id);
    await hqWrite(suite.rig.hq, 'member', [m]);
    await desk.api['sync.now']({});
    expect((await desk.api['members.panel']({ memberId: m.id })).member.homeBranchName).toBe('远方店');

    await hqWrite(suite.rig.hq, 'branch', [{ id: far.id, code: far.code, name: '远方店（新址）', time_zone: 'Asia/Shanghai', version: 2 }]);
    await desk.api['sync.now']({});
    expect((await desk.api['members.panel']({ memberId: m.id })).member.homeBranchName).toBe('远方店（新址）');
  }, 30_000);
});
