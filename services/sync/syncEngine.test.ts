import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../db/connection';
import { staticSecret } from './signer';
import { SyncEngine, type SyncStatus } from './syncEngine';
import { SyncLockedError } from './syncLock';
import { openSyncRig, waitFor, type SyncRig } from './testing/syncTestKit';

let rig: SyncRig | null = null;
afterEach(async () => {
  await rig?.dispose();
  rig = null;
});

/** A short back-off so liveness shows in milliseconds; the schedule itself is tested in core/sync/backoff.test.ts. */
const FAST = { baseMs: 20, capMs: 200 };

describe('sync engine', () => {
  it('retries on its own timer while head office is unreachable, and drains with no new local write (fault 6)', async () => {
    rig = await openSyncRig();
    rig.writeVisits(30);
    await rig.hq.stop(); // connection refused
    const seen: SyncStatus[] = [];
    const engine = rig.engine({ pull: false, backoff: FAST, onStatus: (s) => seen.push(s) });
    engine.start();
    await waitFor(() => seen.filter((s) => s.state === 'offline').length >= 3, 5_000, 'three failed attempts');
    const offline = seen.at(-1)!;
    expect(offline).toMatchObject({ state: 'offline', pendingCount: 30 });
    expect(offline.lastError).toMatch(/^network/);
    expect(offline.nextRetryAt).not.toBeNull();
    expect(rig.outbox()[0]!.attempts).toBeGreaterThanOrEqual(3);

    await rig.hq.start(); // same port, same state
    // No kick, no write: only the back-off timer can bring the queue down, within the cap.
    await waitFor(() => engine.status().pendingCount === 0, FAST.capMs * 10, 'the queue to drain');
    await engine.idle();
    expect(engine.status()).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, nextRetryAt: null });
    expect(rig.hq.lastSeq).toBe(30);
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
  });

  it('retries after 503 and 429 answers the same way', async () => {
    rig = await openSyncRig();
    rig.writeVisits(3);
    rig.hq.forced.push({ status: 503, body: { code: 'UNAVAILABLE', message: 'db down' } }, { status: 429, body: { code: 'RATE_LIMITED', message: 'slow down' } });
    const engine = rig.engine({ pull: false, backoff: FAST });
    engine.start();
    await waitFor(() => rig!.hq.lastSeq === 3, 3_000, 'the queue to drain');
    expect(rig.hq.statuses).toEqual([503, 429, 200]);
    await engine.idle();
    expect(engine.status().state).toBe('online');
  });

  it('pushes soon after a kick, and a kick during a push runs another', async () => {
    rig = await openSyncRig();
    const engine = rig.engine({ pull: false, kickDelayMs: 5 });
    engine.start();
    await new Promise((r) => setTimeout(r, 20)); // the start-up push finds nothing to send
    await engine.idle();
    expect(rig.hq.statuses).toEqual([]);
    await rig.k.api['checkin.card']({ card: '3A5F0001', format: 'hex' });
    engine.kick();
    await waitFor(() => rig!.hq.lastSeq === 1, 2_000, 'the kicked push');
    rig.writeVisits(2);
    engine.kick();
    rig.writeVisits(2);
    engine.kick();
    await waitFor(() => rig!.hq.lastSeq === 5, 2_000, 'the second push');
    await engine.idle();
    expect(engine.status().pendingCount).toBe(0);
  });

  it('refuses a second engine on the same database file until the first stops (fault 12)', async () => {
    rig = await openSyncRig();
    const first = rig.engine({ pull: false });
    first.start();
    const other = await openKioskDatabase(rig.k.dbPath);
    try {
      const second = new SyncEngine({ kdb: other, clock: rig.k.clock, secret: staticSecret(rig.hq.secret), pull: false });
      expect(() => second.start()).toThrow(SyncLockedError);
      expect(() => second.start()).toThrow(/another sync engine \(process \d+\) already runs on this database/);
      expect(second.started).toBe(false);
      await first.stop();
      second.start();
      expect(second.started).toBe(true);
      await second.stop();
      expect(existsSync(`${rig.k.dbPath}.sync-lock`)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('stops between requests when stopped mid-drain, and the next start carries on', async () => {
    rig = await openSyncRig();
    rig.writeVisits(1_000);
    const engine = rig.engine({ pull: false, maxCount: 10 });
    let stopping: Promise<void> | null = null;
    rig.hq.onBatch = () => {
      stopping ??= engine.stop(); // stopped while the first batch's answer is on its way
    };
    engine.start();
    await waitFor(() => stopping !== null, 2_000, 'the first batch');
    await stopping;
    rig.hq.onBatch = () => {};
    const after = rig.hq.lastSeq;
    // The answers of the batch under way, and of the one sent ahead with it, are still taken in.
    expect([10, 20]).toContain(after);
    expect(rig.outbox().filter((r) => r.status === 'applied')).toHaveLength(after);
    engine.start();
    await waitFor(() => rig!.hq.lastSeq === 1_000, 10_000, 'the rest');
    expect(rig.hq.batches.flat()).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    rig = await openSyncRig();
    writeFileSync(`${rig.k.dbPath}.sync-lock`, '2147483646');
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(engine.started).toBe(true);
  });

  it('does not push while stopped and resumes where it left off', async () => {
    rig = await openSyncRig();
    rig.writeVisits(3);
    const engine = rig.engine({ pull: false });
    engine.start();
    await engine.syncNow();
    await engine.stop();
    rig.writeVisits(2);
    engine.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.hq.lastSeq).toBe(3);
    engine.start();
    await waitFor(() => rig!.hq.lastSeq === 5, 2_000);
    expect(rig.hq.batches).toEqual([[1, 2, 3], [4, 5]]);
  });
});
