/**
 * SYNC.md fault 7: the PC clock off by ±1 h or +2 days, and jumping backwards mid-run. Head
 * office refuses signatures more than 5 minutes off its own clock; the branch corrects its offset
 * from the refusal's Date header and from each answer's server time (docs/DECISIONS.md "Clock
 * skew"). Sync never wedges, every visit arrives once, and the desk's status shows the skew.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseHlc } from '../../core/sync/hlc';
import type { Clock } from '../../services/ports';
import { type BranchDesk, openBranchDesk } from './branchDesk';
import { type FaultProxy, startFaultProxy } from './faultProxy';
import { BACKENDS, expectExactlyOnce, type RunningHeadOffice, startHeadOffice } from './headOffice';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Head office's time is estimated from the HTTP Date header (whole seconds) and a round trip. */
const OFFSET_TOLERANCE_MS = 5_000;

/** This PC's clock: real time plus a skew the test sets (an NTP step, a dead CMOS battery). */
class SkewedClock implements Clock {
  skewMs = 0;
  now(): Date {
    return new Date(Date.now() + this.skewMs);
  }
}

let ho: RunningHeadOffice;
let proxy: FaultProxy;
let desk: BranchDesk | null = null;

beforeAll(async () => {
  ho = await startHeadOffice(BACKENDS[0]!);
  proxy = await startFaultProxy(ho.port);
}, 60_000);
afterEach(async () => {
  await desk?.dispose();
  desk = null;
});
afterAll(async () => {
  await proxy?.close();
  await ho?.close();
});

const refusals = () => proxy.counters.upstreamStatuses.filter((s) => s === 401).length;

async function statusOffset(d: BranchDesk): Promise<number> {
  const status = await d.k.api['sync.status']({});
  expect(status.state).toBe('online');
  return status.clockOffsetMs;
}

describe('clock skew (SYNC.md fault 7)', () => {
  it.each([
    ['+1 h', HOUR],
    ['−1 h', -HOUR],
    ['+2 days', 2 * DAY],
  ])('the PC clock jumps %s after enrollment: one refusal, the offset corrects, every visit arrives once', async (_label, skewMs) => {
    const clock = new SkewedClock();
    const { branchId, code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code, { clock });
    await desk.checkIn(0);
    await desk.drained();
    expect(Math.abs(await statusOffset(desk))).toBeLessThan(OFFSET_TOLERANCE_MS);

    clock.skewMs = skewMs;
    const refusedBefore = refusals();
    for (let i = 1; i <= 6; i++) await desk.checkIn(i * 11);
    await desk.drained();
    // The skew was really seen by head office (a signature outside its window), once.
    expect(refusals() - refusedBefore).toBe(1);
    expect(Math.abs((await statusOffset(desk)) + skewMs)).toBeLessThan(OFFSET_TOLERANCE_MS);
    await expectExactlyOnce(ho.hq.db, branchId, desk.record());
  });

  it('the PC clock jumps +1 h while nothing is queued: the next round (only a pull) does not wedge either', async () => {
    const clock = new SkewedClock();
    const { code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code, { clock });
    await desk.checkIn(0);
    await desk.drained();
    clock.skewMs = HOUR;
    const refusedBefore = refusals();
    await desk.k.api['sync.now']({});
    await desk.drained();
    expect(refusals() - refusedBefore).toBeLessThanOrEqual(1);
    expect(Math.abs((await statusOffset(desk)) + HOUR)).toBeLessThan(OFFSET_TOLERANCE_MS);
  });

  it('the clock steps back from +2 days to −1 h mid-run: sync goes on, HLC stamps never go backwards', async () => {
    const clock = new SkewedClock();
    clock.skewMs = 2 * DAY;
    const { branchId, code } = await ho.branchWithCode();
    // Enrolled while the clock is already two days ahead: enrollment takes the offset from head office.
    desk = await openBranchDesk(proxy.url, code, { clock });
    for (let i = 0; i < 5; i++) await desk.checkIn(i * 13);
    await desk.drained();
    expect(Math.abs((await statusOffset(desk)) + 2 * DAY)).toBeLessThan(OFFSET_TOLERANCE_MS);

    const writes: Promise<void>[] = [];
    for (let i = 0; i < 8; i++) {
      if (i === 3) clock.skewMs = -HOUR; // stepped back while pushes are under way
      writes.push(desk.checkIn(100 + i * 13));
      await new Promise((r) => setTimeout(r, 3));
    }
    await Promise.all(writes);
    await desk.drained();
    expect(Math.abs((await statusOffset(desk)) - HOUR)).toBeLessThan(OFFSET_TOLERANCE_MS);

    const hlcs = (desk.k.ctx.kdb.sqlite.prepare('SELECT hlc FROM sync_outbox ORDER BY seq').pluck().all() as string[]).map(parseHlc);
    for (let i = 1; i < hlcs.length; i++) {
      const [a, b] = [hlcs[i - 1]!, hlcs[i]!];
      expect(b.ms > a.ms || (b.ms === a.ms && b.counter > a.counter)).toBe(true);
    }
    await expectExactlyOnce(ho.hq.db, branchId, desk.record());
  });
});
