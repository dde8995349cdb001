/**
 * SYNC.md fault 4: network chaos between a branch and head office, through the fault proxy —
 * random drops, duplicated and delayed requests, lost answers (on pushes, pulls and the roster
 * download alike), partitions from a minute to a week → exactly-once effects, a replica equal to
 * head office's log, and the queue drains after the partition ends with no new write.
 * On PostgreSQL too: a duplicated push reaches head office twice at once, and only the client
 * row lock keeps it from being applied twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffCeilingMs, DEFAULT_BACKOFF } from '../../core/sync/backoff';
import { type BranchDesk, openBranchDesk, seededRandom } from './branchDesk';
import { type FaultProxy, startFaultProxy } from './faultProxy';
import { BACKENDS, expectExactlyOnce, type RunningHeadOffice, startHeadOffice } from './headOffice';
import { expectReplicaEqualsHeadOffice } from './replicaCheck';

/**
 * The failed attempts a partition of `ms` costs at the production back-off (1 s → 5 min, full
 * jitter: on average half the ceiling): a minute 7, an hour 32, a day ~580, a week ~4,000. The
 * test replays them as refused connections on a back-off scaled down to milliseconds. Past
 * REPLAYED_ATTEMPTS_MAX that would take minutes here, so the test starts from the failure count
 * the earlier attempts leave behind (the only state one attempt hands the next) and replays the
 * last ones.
 */
function attemptsDuring(ms: number): number {
  let elapsed = 0;
  let n = 0;
  while (elapsed < ms) elapsed += backoffCeilingMs(++n, DEFAULT_BACKOFF) / 2;
  return n;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** More refused attempts than this would take minutes on this machine (see attemptsDuring). */
const REPLAYED_ATTEMPTS_MAX = 200;
const SEED = Number(process.env.CHAOS_SEED ?? 20261124);

describe.each(BACKENDS)('network chaos against head office on $name (SYNC.md fault 4)', (backend) => {
  let ho: RunningHeadOffice;
  let proxy: FaultProxy;
  let desk: BranchDesk | null = null;

  beforeAll(async () => {
    ho = await startHeadOffice(backend);
    proxy = await startFaultProxy(ho.port);
  }, 60_000);
  afterEach(async () => {
    await desk?.dispose();
    desk = null;
    proxy.heal();
    proxy.decide = () => ({ kind: 'pass' });
  });
  afterAll(async () => {
    await proxy?.close();
    await ho?.close();
  });

  it(`drops, duplicates, delays and lost answers: every visit applied once, the queue drains (seed ${SEED}, CHAOS_SEED to replay)`, async () => {
    const { branchId, code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code, { engine: { maxCount: 4 } });
    const random = seededRandom(SEED);
    const before = { ...proxy.counters };
    proxy.decide = (r) => {
      if (r.path === '/v1/enroll') return { kind: 'pass' };
      const x = random();
      if (x < 0.15) return { kind: 'dropRequest' };
      if (x < 0.3) return { kind: 'dropResponse' };
      if (x < 0.45) return { kind: 'duplicate' };
      if (x < 0.6) return { kind: 'delay', ms: Math.floor(random() * 30) };
      return { kind: 'pass' };
    };
    for (let i = 0; i < 40; i++) {
      await desk.checkIn(i * 3);
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await desk.drained(60_000);
    const c = proxy.counters;
    // Every kind of fault was really injected.
    expect(c.droppedRequests).toBeGreaterThan(before.droppedRequests);
    expect(c.droppedResponses).toBeGreaterThan(before.droppedResponses);
    expect(c.duplicated).toBeGreaterThan(before.duplicated);
    expect(c.delayed).toBeGreaterThan(before.delayed);
    const record = desk.record();
    expect(record.newVisitIds.length).toBeGreaterThan(10);
    await expectExactlyOnce(ho.hq.db, branchId, record);
    await expectReplicaEqualsHeadOffice(ho.hq.db, desk.k.ctx.kdb.sqlite, { local: desk.k.ctx.desk.branchId, hq: branchId });
  });

  it('a retrying middlebox hands the branch the refusal of its replay (401 nonce already used): sync goes on, nothing doubles', async () => {
    const { branchId, code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code);
    let pushes = 0;
    proxy.decide = (r) => (r.path === '/v1/push' && ++pushes === 1 ? { kind: 'duplicate', answer: 'second' } : { kind: 'pass' });
    const statusesBefore = proxy.counters.upstreamStatuses.length;
    for (let i = 0; i < 3; i++) await desk.checkIn(i * 9);
    await desk.drained(10_000);
    // Head office applied the original and refused the replay; the branch saw the refusal.
    expect(proxy.counters.upstreamStatuses.slice(statusesBefore, statusesBefore + 2).sort()).toEqual([200, 401]);
    await expectExactlyOnce(ho.hq.db, branchId, desk.record());
  });

  it('a day offline against a small body limit in front of head office: batches split until they pass (SYNC.md fault 8)', async () => {
    const { branchId, code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code);
    proxy.partition();
    for (let i = 0; i < 300; i++) await desk.checkIn(i);
    const limit = 16 * 1024;
    let largest = 0;
    proxy.decide = (r) => {
      if (r.path !== '/v1/push') return { kind: 'pass' };
      if (r.body.length > limit) return { kind: 'tooLarge' };
      largest = Math.max(largest, r.body.length);
      return { kind: 'pass' };
    };
    const refusedBefore = proxy.counters.tooLarge;
    proxy.heal();
    await desk.drained(60_000);
    expect(proxy.counters.tooLarge - refusedBefore).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(limit);
    const record = desk.record();
    expect(record.newVisitIds.length).toBeGreaterThan(100);
    await expectExactlyOnce(ho.hq.db, branchId, record);
  });

  const partitions: [string, number][] = backend.name === 'pglite' ? [['a minute', MINUTE], ['an hour', 60 * MINUTE], ['a day', DAY], ['a week', 7 * DAY]] : [];
  it.each(partitions)('a partition of %s: the queue waits, then drains on the back-off timer alone', async (_label, ms) => {
    const total = attemptsDuring(ms);
    const replayed = Math.min(total, REPLAYED_ATTEMPTS_MAX);
    const { branchId, code } = await ho.branchWithCode();
    desk = await openBranchDesk(proxy.url, code, { engine: { maxCount: 5, backoff: { baseMs: 1, capMs: 3 } } });
    await desk.drained();
    // The attempts not replayed, as the engine counts them.
    desk.k.ctx.kdb.sqlite.prepare('UPDATE sync_state SET consecutive_failures = ? WHERE id = 1').run(total - replayed);
    const attempts = replayed;
    const refusedBefore = proxy.counters.refusedInPartition;
    proxy.partition(attempts);
    for (let i = 0; i < 12; i++) await desk.checkIn(i * 5);
    const pending = desk.k.sync.status().pendingCount;
    expect(pending).toBeGreaterThan(0);
    // No write from here on: only the engine's own timer can bring the queue down.
    const until = Date.now() + 120_000;
    const failures = desk.k.ctx.kdb.sqlite.prepare('SELECT consecutive_failures FROM sync_state').pluck();
    let mostFailures = 0;
    let latestRetry = 0;
    // Read at every cut, not by sampling: a short partition's attempts can all fall between samples.
    proxy.onPartitionCut = () => {
      mostFailures = Math.max(mostFailures, failures.get() as number);
    };
    while (proxy.partitioned) {
      if (Date.now() > until) throw new Error(`partition still on after ${proxy.counters.refusedInPartition - refusedBefore} of ${attempts} attempts`);
      const next = desk.k.sync.status().nextRetryAt;
      if (next) latestRetry = Math.max(latestRetry, Date.parse(next) - Date.now());
      await new Promise((r) => setTimeout(r, 20));
    }
    proxy.onPartitionCut = undefined;
    expect(proxy.counters.refusedInPartition - refusedBefore).toBe(attempts);
    // The count went on from the week's (or day's) earlier failures, and the wait stayed capped.
    expect(mostFailures).toBeGreaterThan(total - replayed);
    expect(latestRetry).toBeLessThan(100);
    await desk.drained(10_000);
    expect(desk.k.sync.status()).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    await expectExactlyOnce(ho.hq.db, branchId, desk.record());
  }, 180_000);
});
