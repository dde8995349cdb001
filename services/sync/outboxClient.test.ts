import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxWriter } from '../context';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';
import { moveOutboxToClient } from './outboxClient';

/** Renumbering the outbox for a new sync client (re-enrollment), on a real kiosk database. */
let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: null, syncDisabled: true });
  k.ctx.kdb.sqlite.prepare('DELETE FROM sync_outbox').run();
});
afterEach(async () => {
  await k.dispose();
});

const db = () => k.ctx.kdb.sqlite;
const write = (n: number) => db().transaction(() => k.ctx.outbox.write('test.thing', 1, { n }))();
const rows = () => db().prepare('SELECT seq, client_id, status, args FROM sync_outbox ORDER BY seq').all() as { seq: number; client_id: string; status: string; args: string }[];
const ack = (upTo: number) => db().prepare("UPDATE sync_outbox SET status = 'applied' WHERE seq <= ?").run(upTo);
/** As SyncService.reenroll does it: the move in one transaction, then the writer resumes from the outbox. */
const move = (cursor: number, client: string) => {
  const moved = db().transaction(() => moveOutboxToClient(db(), cursor, client))();
  k.ctx.outbox.resume();
  return moved;
};
const ns = () => rows().map((r) => (JSON.parse(r.args) as { n: number }).n);

describe('moveOutboxToClient', () => {
  it('makes the rows after the cursor 1…n of the new client and keeps the acknowledged ones below, in order', () => {
    for (const n of [1, 2, 3, 4, 5]) write(n);
    ack(3);
    expect(move(3, 'client-B')).toEqual({ carried: 2 });
    const r = rows();
    expect(r.map((x) => x.seq)).toEqual([-3, -2, -1, 1, 2]);
    expect(ns()).toEqual([1, 2, 3, 4, 5]);
    expect(r.filter((x) => x.seq > 0).map((x) => x.client_id)).toEqual(['client-B', 'client-B']);
    expect(r.filter((x) => x.seq <= 0).every((x) => x.client_id !== 'client-B')).toBe(true);
    // The next write is seq 3 and of the new client.
    write(6);
    expect(rows().at(-1)).toMatchObject({ seq: 3, client_id: 'client-B' });
  });

  it('a second re-enrollment keeps the first one\'s history below, still in order', () => {
    for (const n of [1, 2, 3]) write(n);
    ack(2);
    move(2, 'client-B');
    write(4);
    ack(2);
    move(2, 'client-C');
    expect(ns()).toEqual([1, 2, 3, 4]);
    expect(rows().every((x) => x.seq < 0)).toBe(true);
    write(5);
    expect(rows().at(-1)).toMatchObject({ seq: 1, client_id: 'client-C' });
  });

  it('with nothing pending, the newest acknowledged row carries the new client id for the writes that follow', () => {
    for (const n of [1, 2]) write(n);
    ack(2);
    expect(move(2, 'client-B')).toEqual({ carried: 0 });
    write(3);
    expect(rows().map((x) => [x.seq, x.client_id === 'client-B'])).toEqual([
      [-2, false],
      [-1, true],
      [1, true],
    ]);
  });

  it('an empty outbox stays empty and the writer\'s own id goes on (head office never saw it)', () => {
    expect(move(0, 'client-B')).toEqual({ carried: 0 });
    write(1);
    expect(rows()).toMatchObject([{ seq: 1, client_id: k.ctx.desk.deviceId }]);
  });

  it('refuses to run outside a transaction', () => {
    expect(() => moveOutboxToClient(db(), 0, 'x')).toThrow(/transaction/);
  });

  it('a never re-enrolled outbox keeps the device id, also when the writer resumes (a reopened desk)', () => {
    write(1);
    k.ctx.outbox.resume();
    write(2);
    expect(rows().every((x) => x.client_id === k.ctx.desk.deviceId)).toBe(true);
  });

  it('a reopened desk goes on with the client id the move left on the newest row', () => {
    for (const n of [1, 2]) write(n);
    ack(2);
    move(2, 'client-B');
    const reopened = new OutboxWriter(k.ctx.kdb, k.ctx.desk.deviceId, k.ctx.clock, () => randomUUID());
    reopened.resume();
    db().transaction(() => reopened.write('test.thing', 1, { n: 3 }))();
    expect(rows().at(-1)).toMatchObject({ seq: 1, client_id: 'client-B' });
  });
});
