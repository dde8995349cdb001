/** A branch desk in this process: a temp kiosk on a real SQLite file, enrolled with the real head office. */
import type { SyncEngineOptions } from '../../services/sync/syncEngine';
import type { Clock } from '../../services/ports';
import { systemClock } from '../../services/ports';
import { openTempKiosk, type TempKiosk } from '../../services/testing/tempKiosk';
import { localVisitIds, readBranchRecord } from './branchRecord';
import type { BranchRecord } from './headOffice';

/** Back-off of the fault tests: short enough that liveness shows in milliseconds. */
export const FAST_BACKOFF = { baseMs: 5, capMs: 40 };

export interface BranchDesk {
  k: TempKiosk;
  /** Checks in the i-th member of the demo roster (a denied or repeated one still makes a visit or a duplicate, as at a real desk). */
  checkIn(i: number): Promise<void>;
  record(): BranchRecord;
  /** Waits until the queue is empty and the engine idle; fails at once if sync stopped with an error. */
  drained(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface DeskOptions {
  clock?: Clock;
  engine?: Partial<SyncEngineOptions>;
  /** Open with the engine stopped after enrollment (tests driving engines of their own). */
  stopEngine?: boolean;
}

export async function openBranchDesk(serverUrl: string, code: string, o: DeskOptions = {}): Promise<BranchDesk> {
  const k = await openTempKiosk({
    signedInAs: 'headoffice',
    clock: o.clock ?? systemClock,
    // A clock stepped days ahead must not lock the desk: the staff session is not under test.
    inactivityLockMs: 30 * 24 * 3_600_000,
    syncEngine: { kickDelayMs: 5, backoff: FAST_BACKOFF, ...o.engine },
  });
  const baseline = new Set(localVisitIds(k.ctx.kdb.sqlite));
  await k.api['sync.enroll']({ serverUrl, code, deviceName: 'chaos desk' });
  if (o.stopEngine) await k.sync.stop();
  const members = k.ctx.kdb.sqlite.prepare('SELECT id FROM member ORDER BY member_no').pluck().all() as string[];
  return {
    k,
    async checkIn(i) {
      await k.api['checkin.member']({ memberId: members[i % members.length]! });
    },
    record: () => readBranchRecord(k.ctx.kdb.sqlite, baseline),
    async drained(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await k.sync.running?.idle();
        const s = k.sync.status();
        if (s.state === 'error') throw new Error(`sync stopped: ${s.lastError}`);
        if (s.pendingCount === 0 && s.state === 'online' && s.nextRetryAt === null) return;
        if (Date.now() > until) throw new Error(`the queue did not drain within ${timeoutMs} ms: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    dispose: () => k.dispose(),
  };
}

/** The fault tests print their seed, so a failure can be replayed with the same PRNG the demo data uses. */
export { seededRandom } from '../../services/demo/random';
