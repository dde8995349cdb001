import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_KEEP_DAYS } from './outboxRetention';
import { openSyncRig, type SyncRig } from './testing/syncTestKit';

let rig: SyncRig | null = null;
afterEach(async () => {
  await rig?.dispose();
  rig = null;
});

const DAY_MS = 24 * 3600_000;

describe('send-queue retention', () => {
  it(`removes rows head office applied more than ${OUTBOX_KEEP_DAYS} days ago; keeps refused, pending, recent and the newest rows, and writing goes on`, async () => {
    rig = await openSyncRig();
    const { k, hq } = rig;
    rig.writeVisits(6);
    hq.poison = (m) => m.seq === 3; // refused: stays for the sync issues screen
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    hq.poison = () => false;
    const oldRows = rig.outbox();
    expect(oldRows.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);

    // Two visits 30 days later, applied; then, 100 days after the first ones, one more goes out.
    k.clock.advance(30 * DAY_MS);
    rig.writeVisits(2);
    await engine.syncNow();
    k.clock.advance(70 * DAY_MS);
    await engine.stop();
    rig.writeVisits(1);
    const again = rig.engine({ pull: false });
    again.start();
    expect(await again.syncNow()).toMatchObject({ kind: 'drained' });

    const rows = rig.outbox();
    // The first week's applied rows are gone; the refused one, the 30-day-old ones and the newest stay.
    expect(rows.map((r) => [r.seq, r.status])).toEqual([[3, 'rejected'], [7, 'applied'], [8, 'applied'], [9, 'applied']]);
    expect(hq.lastSeq).toBe(9);
    // The writer still numbers and stamps after the newest row.
    rig.writeVisits(1);
    const newest = rig.outbox().at(-1)!;
    expect(newest.seq).toBe(10);
    expect(newest.hlc > rows.at(-1)!.hlc).toBe(true);
    expect(await again.syncNow()).toMatchObject({ kind: 'drained' });
    expect(hq.lastSeq).toBe(10);
  });

  it('removes nothing while records wait to be sent and head office is unreachable; after the drain, the old applied rows go', async () => {
    rig = await openSyncRig();
    rig.writeVisits(3);
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    await engine.stop();
    rig.k.clock.advance((OUTBOX_KEEP_DAYS + 10) * DAY_MS);
    rig.writeVisits(1);
    rig.hq.down = true;
    const later = rig.engine({ pull: false });
    later.start();
    expect(await later.syncNow()).toMatchObject({ kind: 'retry' });
    expect(rig.outbox().map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'pending']);
    rig.hq.down = false;
    expect(await later.syncNow()).toMatchObject({ kind: 'drained' });
    expect(rig.outbox().map((r) => [r.seq, r.status])).toEqual([[4, 'applied']]);
  });
});
