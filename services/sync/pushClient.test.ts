import { afterEach, describe, expect, it } from 'vitest';
import { parseHlc } from '../../core/sync/hlc';
import { SIGNATURE_HEADER } from '../../core/sync/protocol';
import { openKiosk } from '../kiosk';
import { RESOURCES_DIR } from '../testing/tempKiosk';
import { LOCAL_TOO_LARGE } from './pushClient';
import { type OutboxRow, toWire } from './pushWire';
import { signedHeaders } from './signer';
import { SyncStateStore } from './syncState';
import { openSyncRig, type SyncRig } from './testing/syncTestKit';

let rig: SyncRig | null = null;

/** The wire form of an outbox row (its hash is what head office stored). */
function toWireJson(r: SyncRig, seq: number): string {
  const row = r.k.ctx.kdb.sqlite.prepare('SELECT seq, client_id, mutation_id, name, version, args, args_hash, hlc, device_time, status, last_error FROM sync_outbox WHERE seq = ?').get(seq) as OutboxRow;
  return toWire(row).json;
}
afterEach(async () => {
  await rig?.dispose();
  rig = null;
});

describe('sync push client against a fake head office', () => {
  it('drains check-ins in seq order, signed, and records the cursor and success', async () => {
    rig = await openSyncRig();
    const { k, hq } = rig;
    for (const card of ['3A5F0001', '3A5F0002', '3A5F0003']) await k.api['checkin.card']({ card, format: 'hex' });
    rig.writeVisits(4);
    const n = rig.outbox().length;
    expect(n).toBeGreaterThanOrEqual(5);
    const statuses: string[] = [];
    const engine = rig.engine({ pull: false, onStatus: (s) => statuses.push(s.state) });
    engine.start();
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: n });
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
    expect(hq.batches.flat()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(hq.statuses.every((s) => s === 200)).toBe(true);
    const state = new SyncStateStore(k.ctx.kdb).read();
    expect(state).toMatchObject({ lastAckedSeq: n, lastError: null, consecutiveFailures: 0, lastSuccessAt: k.clock.now().toISOString() });
    expect(engine.status()).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, nextRetryAt: null });
    expect(statuses.at(-1)).toBe('online');
  });

  it('resends the same batch after a lost response; head office applies each mutation once', async () => {
    rig = await openSyncRig();
    rig.writeVisits(10);
    rig.hq.loseResponses = 1;
    const engine = rig.engine({ pull: false });
    engine.start();
    const first = await engine.syncNow();
    expect(first?.kind).toBe('retry');
    expect(rig.outbox().every((r) => r.status === 'pending' && r.attempts === 1)).toBe(true);
    expect(rig.hq.lastSeq).toBe(10); // the server did commit
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
    expect([...rig.hq.applyCount.values()]).toEqual(Array(10).fill(1));
    expect(rig.hq.batches).toEqual([Array.from({ length: 10 }, (_, i) => i + 1), Array.from({ length: 10 }, (_, i) => i + 1)]);
  });

  it('marks a poison mutation rejected and still applies the ones after it', async () => {
    rig = await openSyncRig();
    rig.writeVisits(5);
    rig.hq.poison = (m) => m.seq === 2;
    const engine = rig.engine({ pull: false });
    engine.start();
    await engine.syncNow();
    const rows = rig.outbox();
    expect(rows.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'applied', 'applied']);
    expect(rows[1]!.last_error).toBe('VALIDATION: poison mutation');
    const stored = rig.k.ctx.kdb.sqlite.prepare('SELECT result FROM sync_outbox WHERE seq = 2').pluck().get() as string;
    expect(JSON.parse(stored)).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    expect(engine.status().pendingCount).toBe(0);
  });

  it('sends rows queued while a push is in flight (after the next batch was read ahead) in a later batch, each once and in order', async () => {
    rig = await openSyncRig();
    rig.writeVisits(12);
    let during = 2;
    // Check-ins keep coming at the desk while the first two pushes are with head office.
    rig.hq.onBatch = () => {
      if (during-- > 0) rig!.writeVisits(3);
    };
    const engine = rig.engine({ pull: false, maxCount: 5 });
    engine.start();
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: 18 });
    expect(rig.hq.batches.flat()).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(rig.hq.batches.every((b) => b.length <= 5)).toBe(true);
    expect([...rig.hq.applyCount.values()]).toEqual(Array(18).fill(1));
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
  });

  it('sends the next batch while head office answers the current one; each mutation arrives once, in order, and is stored acknowledged', async () => {
    rig = await openSyncRig();
    rig.writeVisits(1_000);
    rig.hq.answerDelayMs = 20;
    const engine = rig.engine({ pull: false, maxCount: 100 });
    engine.start();
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: 1_000 });
    // The first with one sent ahead; once one is taken whole, two ahead.
    expect(rig.hq.maxInFlight).toBe(3);
    expect(rig.hq.batches.flat()).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect([...rig.hq.applyCount.values()].every((n) => n === 1)).toBe(true);
    // Acknowledged in runs: applied, no error, no copy of the plain result (the row itself).
    const rows = rig.k.ctx.kdb.sqlite.prepare('SELECT seq, mutation_id, status, result, last_error FROM sync_outbox ORDER BY seq').all() as { status: string; result: string | null; last_error: string | null }[];
    expect(rows.every((r) => r.status === 'applied' && r.result === null && r.last_error === null)).toBe(true);
  });

  it('sends one batch at a time after head office failed, until it has taken one whole', async () => {
    rig = await openSyncRig();
    rig.writeVisits(400);
    rig.hq.answerDelayMs = 20;
    rig.hq.down = true;
    const engine = rig.engine({ pull: false, maxCount: 100, backoff: { baseMs: 60_000, capMs: 60_000 } });
    engine.start();
    // Nothing has failed yet: the first batch goes with the next one sent ahead.
    expect(await engine.syncNow()).toMatchObject({ kind: 'retry' });
    expect(rig.hq.statuses).toEqual([503, 503]);
    // A failing head office is not sent two at a time again.
    expect(await engine.syncNow()).toMatchObject({ kind: 'retry' });
    expect(rig.hq.statuses).toEqual([503, 503, 503]);
    rig.hq.down = false;
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: 400 });
    // Once head office takes a batch whole, two at a time again: every answer a success.
    expect(rig.hq.statuses.slice(3)).toEqual([200, 200, 200, 200]);
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
  });

  it('sends a batch sent ahead again from the cursor when head office saw it before the one it follows', async () => {
    rig = await openSyncRig();
    rig.writeVisits(500);
    rig.hq.answerDelayMs = 10;
    let early = true;
    // The third batch (the first sent ahead) overtakes the second: head office still expects 101.
    rig.hq.intercept = (seqs) => {
      if (!early || seqs[0] !== 201) return null;
      early = false;
      return { status: 409, body: { code: 'OUT_OF_ORDER', message: 'expected seq 101', expectedSeq: 101 } };
    };
    const engine = rig.engine({ pull: false, maxCount: 100 });
    engine.start();
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: 500 });
    expect(early).toBe(false);
    // The stale answer did not wind the cursor back: nothing was sent twice.
    expect(rig.hq.batches.flat()).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
  });

  it('stops the cursor at the batch it sent when head office has processed further, and takes the rest from what head office stored', async () => {
    rig = await openSyncRig();
    rig.writeVisits(6);
    // Head office applied 1–6 for a process that died before it acknowledged them (5 was refused).
    for (const r of rig.outbox()) {
      const status = r.seq === 5 ? 'rejected' : 'applied';
      const error = r.seq === 5 ? { code: 'VALIDATION', message: 'poison mutation' } : undefined;
      rig.hq.stored.set(r.seq, { mutationId: r.mutation_id, argsHash: JSON.parse(toWireJson(rig, r.seq)).argsHash, name: 'visit.record', result: { seq: r.seq, mutationId: r.mutation_id, status, ...(error ? { error } : {}) } });
    }
    rig.hq.lastSeq = 6;
    const engine = rig.engine({ pull: false, maxCount: 3 });
    engine.start();
    expect(await engine.syncNow()).toEqual({ kind: 'drained', sent: 6 });
    expect(rig.outbox().map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected', 'applied']);
    expect(rig.outbox()[4]!.last_error).toBe('VALIDATION: poison mutation');
    expect(engine.status().pendingCount).toBe(0);
  });

  it('splits batches on 413 until head office accepts them (a long offline week, small body limit)', async () => {
    rig = await openSyncRig();
    rig.writeVisits(2_000);
    rig.hq.maxBodyBytes = 48 * 1024;
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(rig.hq.lastSeq).toBe(2_000);
    expect(rig.outbox().every((r) => r.status === 'applied')).toBe(true);
    const refused = rig.hq.statuses.filter((s) => s === 413).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(4); // learnt once, not met again on every batch
    expect(rig.hq.batches.flat()).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    expect(Math.max(...rig.hq.batches.map((b) => b.length))).toBeLessThan(500);
  });

  it('rejects locally one mutation too large for head office and moves on, keeping seqs contiguous', async () => {
    rig = await openSyncRig();
    rig.writeVisits(2);
    rig.writeVisits(1, { note: 'x'.repeat(20_000) });
    rig.writeVisits(2);
    rig.hq.maxBodyBytes = 8 * 1024;
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    const rows = rig.outbox();
    expect(rows.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
    expect(rows[2]!.last_error).toMatch(new RegExp(`^${LOCAL_TOO_LARGE}: visit.record cannot be sent`));
    expect(rig.hq.stored.get(3)?.name).toBe('sync.dropped');
    expect(rig.hq.lastSeq).toBe(5);
  });

  it('also rejects locally a mutation over the protocol limit without sending it', async () => {
    rig = await openSyncRig();
    rig.writeVisits(1, { note: 'y'.repeat(600 * 1024) });
    rig.writeVisits(1);
    const engine = rig.engine({ pull: false });
    engine.start();
    await engine.syncNow();
    expect(rig.outbox().map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(rig.hq.statuses).not.toContain(413);
  });

  it('takes the clock offset from serverTime and stamps new HLCs with it, also after a restart', async () => {
    rig = await openSyncRig({ skewMs: 90_000 });
    const { k } = rig;
    rig.writeVisits(1);
    const engine = rig.engine({ pull: false });
    engine.start();
    await engine.syncNow();
    expect(k.clockOffset.get()).toBe(90_000);
    expect(new SyncStateStore(k.ctx.kdb).read().clockOffsetMs).toBe(90_000);
    k.clock.advance(10_000);
    await k.api['checkin.card']({ card: '3A5F0001', format: 'hex' });
    const last = rig.outbox().at(-1)!;
    expect(parseHlc(last.hlc).ms).toBe(k.clock.now().getTime() + 90_000);
    await engine.stop();
    await k.close();
    const again = await openKiosk({ dbPath: k.dbPath, resourcesDir: RESOURCES_DIR, clock: k.clock });
    expect(again.clockOffset.get()).toBe(90_000);
    await again.close();
    // rig.dispose closes the kiosk again; a second close of Kysely is harmless
  });

  it.each([2 * 86_400_000, -3_600_000])('does not wedge when the PC clock is off by %i ms before any exchange (fault 7)', async (skewMs) => {
    rig = await openSyncRig({ skewMs });
    rig.writeVisits(3);
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained', sent: 3 });
    expect(rig.hq.statuses).toEqual([401, 200]); // the Date header of the refusal corrects the offset
    expect(rig.k.clockOffset.get()).toBe(skewMs);
    expect(engine.status()).toMatchObject({ state: 'online', clockOffsetMs: skewMs });
  });

  it('resends from expectedSeq on OUT_OF_ORDER, marking the rows before it applied', async () => {
    rig = await openSyncRig();
    rig.writeVisits(5);
    // Head office already processed 1–2 (their response was lost before a crash) and says so.
    rig.hq.lastSeq = 2;
    for (const r of rig.outbox().slice(0, 2)) {
      rig.hq.stored.set(r.seq, { mutationId: r.mutation_id, argsHash: 'x', name: 'visit.record', result: { seq: r.seq, mutationId: r.mutation_id, status: 'applied' } });
    }
    rig.hq.forced.push({ status: 409, body: { code: 'OUT_OF_ORDER', message: 'expected 3', expectedSeq: 3 } });
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(rig.outbox().map((r) => r.status)).toEqual(Array(5).fill('applied'));
    expect(rig.hq.batches).toEqual([[3, 4, 5]]);
  });

  it('winds the cursor back when head office expects an earlier seq (restored from backup)', async () => {
    rig = await openSyncRig();
    rig.writeVisits(3);
    new SyncStateStore(rig.k.ctx.kdb).setCursor(2); // the branch thinks 1–2 were acknowledged
    const engine = rig.engine({ pull: false });
    engine.start();
    expect(await engine.syncNow()).toMatchObject({ kind: 'drained' });
    expect(rig.hq.lastSeq).toBe(3);
    expect(rig.hq.batches).toEqual([[1, 2, 3]]);
  });

  it.each([
    [409, { code: 'CLIENT_DIVERGED', message: 'seq 1 differs' }, /diverged/],
    [426, { code: 'VERSION_NOT_SUPPORTED', message: 'too old', supported: { min: 2, max: 3 } }, /^update required/],
    [401, { code: 'UNAUTHENTICATED', message: 'bad signature' }, /refused this device/],
    [403, { code: 'FORBIDDEN', message: 'device revoked' }, /refused this device/],
  ] as const)('stops on %i without looping and records the error', async (status, body, pattern) => {
    rig = await openSyncRig();
    rig.writeVisits(2);
    rig.hq.forced.push({ status, body: { ...body } }, { status, body: { ...body } });
    const engine = rig.engine({ pull: false, backoff: { baseMs: 1, capMs: 5 } });
    engine.start();
    await engine.syncNow();
    engine.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.hq.statuses).toEqual([status]);
    expect(engine.status()).toMatchObject({ state: 'error', pendingCount: 2, nextRetryAt: null });
    expect(engine.status().lastError).toMatch(pattern);
    expect(rig.outbox().every((r) => r.status === 'pending')).toBe(true);
  });

  it('is refused by head office when the body is tampered with or a request is replayed', async () => {
    rig = await openSyncRig();
    rig.writeVisits(1);
    const { hq, k } = rig;
    const row = k.ctx.kdb.sqlite.prepare('SELECT * FROM sync_outbox').get() as Record<string, string | number>;
    const body = JSON.stringify({
      clientId: row.client_id,
      mutations: [{ seq: 1, mutationId: row.mutation_id, name: row.name, version: 1, args: JSON.parse(row.args as string), argsHash: row.args_hash, hlc: row.hlc, deviceTime: row.device_time }],
    });
    const headers = { 'content-type': 'application/json', ...signedHeaders({ method: 'POST', path: '/v1/push', body, deviceId: k.ctx.desk.deviceId, secret: hq.secret, timestampMs: k.clock.now().getTime() }) };
    const tampered = await fetch(`${hq.url}/v1/push`, { method: 'POST', headers, body: body.replace('"version":1', '"version":2') });
    expect(tampered.status).toBe(401);
    const forged = await fetch(`${hq.url}/v1/push`, { method: 'POST', headers: { ...headers, [SIGNATURE_HEADER]: 'ab'.repeat(32) }, body });
    expect(forged.status).toBe(401);
    const genuine = await fetch(`${hq.url}/v1/push`, { method: 'POST', headers, body });
    expect(genuine.status).toBe(200);
    const replay = await fetch(`${hq.url}/v1/push`, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(hq.applyCount.size).toBe(1);
  });
});
