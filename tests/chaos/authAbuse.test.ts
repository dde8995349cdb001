/**
 * SYNC.md fault 11, the cases headoffice/server.test.ts does not cover: a branch writing another
 * branch's records (its visit id, an override of its visit), a forged branch, another branch's
 * device on a client id, a request signed for another route or device, a mutation id taken from
 * another device, and a revoked device with a real sync engine. Every refusal writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enrollResponse, pushResponse } from '../../core/sync/protocol';
import { revokeDevice } from '../../headoffice/admin';
import { signRequest } from '../../headoffice/auth/signature';
import { mutation, TestDevice, VERSION_HEADERS, visitArgs } from '../../headoffice/testing';
import { openBranchDesk } from './branchDesk';
import { BACKENDS, headOfficeForSuite } from './headOffice';

describe.each(BACKENDS)('auth abuse against head office on $name (SYNC.md fault 11)', (backend) => {
  const suite = headOfficeForSuite(backend);

  async function device(code?: string): Promise<TestDevice> {
    const c = code ?? (await suite.ho.branchWithCode()).code;
    const res = await suite.ho.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code: c, deviceName: 'desk' }, headers: VERSION_HEADERS });
    expect(res.statusCode).toBe(200);
    const body = enrollResponse.parse(res.json());
    return new TestDevice(suite.ho.app, body.deviceId, body.secret, body.branchId);
  }

  /** Everything head office holds for a branch: its visits (as stored) and its change log. */
  async function snapshot(branchId: string) {
    const visits = await suite.ho.hq.db.selectFrom('visit').selectAll().where('branch_id', '=', branchId).orderBy('id').execute();
    const changes = await suite.ho.hq.db.selectFrom('change_log').select(['seq', 'pk', 'version']).where('scope', '=', `branch:${branchId}`).orderBy('seq').execute();
    return { visits, changes };
  }
  const storedFor = async (clientId: string) =>
    (await suite.ho.hq.db.selectFrom('sync_mutation').select(['seq', 'status']).where('client_id', '=', clientId).orderBy('seq').execute()).map((m) => [Number(m.seq), m.status]);

  /** Branch B with one denied visit at head office, and a device of branch A. */
  async function twoBranches() {
    const b = await device();
    const denied = visitArgs(b.branchId, { admitted: 0, color: 'red', device_id: b.deviceId });
    expect((await b.push(randomUUID(), [mutation(1, 'visit.record', denied)])).status).toBe(200);
    const a = await device();
    return { a, b, denied };
  }

  it("branch A recording a visit under branch B's visit id → FORBIDDEN; B's visit and log untouched, nothing at A", async () => {
    const { a, b, denied } = await twoBranches();
    const [beforeA, beforeB] = [await snapshot(a.branchId), await snapshot(b.branchId)];
    const clientId = randomUUID();
    const copy = { ...denied, branch_id: a.branchId, admitted: 1, color: 'green' };
    const res = await a.push(clientId, [mutation(1, 'visit.record', copy)]);
    expect(pushResponse.parse(res.body).results.map((r) => [r.status, r.error?.code])).toEqual([['rejected', 'FORBIDDEN']]);
    expect(await snapshot(b.branchId)).toEqual(beforeB);
    expect(await snapshot(a.branchId)).toEqual(beforeA);
    expect(await storedFor(clientId)).toEqual([[1, 'rejected']]);
  });

  it("branch A overriding branch B's denied visit → FORBIDDEN; the visit stays denied at version 1, no change logged", async () => {
    const { a, b, denied } = await twoBranches();
    const beforeB = await snapshot(b.branchId);
    const clientId = randomUUID();
    const override = { visitId: denied.id, staffId: randomUUID(), reason: 'let them in', overriddenAt: new Date().toISOString() };
    const res = await a.push(clientId, [mutation(1, 'visit.override', override)]);
    expect(pushResponse.parse(res.body).results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    const after = await snapshot(b.branchId);
    expect(after).toEqual(beforeB);
    expect(after.visits[0]).toMatchObject({ admitted: false, override_reason: null });
    expect(Number(after.visits[0]!.version)).toBe(1);
    expect((await snapshot(a.branchId)).changes).toEqual([]);
  });

  it('a forged branch (a visit claiming branch B, then a branchId smuggled into the request) → refused; nothing at B', async () => {
    const { a, b } = await twoBranches();
    const beforeB = await snapshot(b.branchId);
    const clientId = randomUUID();
    const forged = await a.push(clientId, [mutation(1, 'visit.record', visitArgs(b.branchId))]);
    expect(pushResponse.parse(forged.body).results[0]?.error?.code).toBe('FORBIDDEN');
    const m = mutation(2, 'visit.record', visitArgs(a.branchId));
    expect((await a.request('POST', '/v1/push', { clientId, branchId: b.branchId, mutations: [m] })).status).toBe(400);
    expect((await a.push(clientId, [{ ...m, branchId: b.branchId } as typeof m])).status).toBe(400);
    expect(await snapshot(b.branchId)).toEqual(beforeB);
    expect((await snapshot(a.branchId)).visits).toEqual([]);
    expect(await storedFor(clientId)).toEqual([[1, 'rejected']]);
  });

  it("a device of another branch on A's client id → 403; the client stays A's, nothing written", async () => {
    const { a, b } = await twoBranches();
    const clientId = randomUUID();
    expect((await a.push(clientId, [mutation(1, 'visit.record', visitArgs(a.branchId))])).status).toBe(200);
    const [beforeA, beforeB] = [await snapshot(a.branchId), await snapshot(b.branchId)];
    const stolen = await b.push(clientId, [mutation(2, 'visit.record', visitArgs(b.branchId))]);
    expect(stolen.status).toBe(403);
    expect(await snapshot(a.branchId)).toEqual(beforeA);
    expect(await snapshot(b.branchId)).toEqual(beforeB);
    const client = await suite.ho.hq.db.selectFrom('sync_client').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect([client.device_id, Number(client.last_seq)]).toEqual([a.deviceId, 1]);
  });

  it("a mutation id taken from another branch's device → rejected CONFLICT, its visit not written twice nor moved", async () => {
    const { a, b } = await twoBranches();
    const theirs = mutation(1, 'visit.record', visitArgs(b.branchId));
    expect((await b.push(randomUUID(), [theirs])).status).toBe(200);
    const beforeB = await snapshot(b.branchId);
    const clientId = randomUUID();
    const copy = mutation(1, 'visit.record', visitArgs(a.branchId));
    const res = await a.push(clientId, [{ ...copy, mutationId: theirs.mutationId }]);
    expect(pushResponse.parse(res.body).results[0]).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
    expect(await snapshot(b.branchId)).toEqual(beforeB);
    expect((await snapshot(a.branchId)).visits).toEqual([]);
  });

  it("a request signed for another route (pull) or by another device's key → 401, nothing written", async () => {
    const a = await device();
    const b = await device();
    const clientId = randomUUID();
    const body = JSON.stringify({ clientId, mutations: [mutation(1, 'visit.record', visitArgs(a.branchId))] });
    const ts = Date.now();
    const nonce = randomUUID().replaceAll('-', '');
    const send = (signature: string, deviceId: string) =>
      suite.ho.app.inject({
        method: 'POST', url: '/v1/push', payload: body,
        headers: { ...VERSION_HEADERS, 'content-type': 'application/json', 'x-kiosk-device': deviceId, 'x-kiosk-timestamp': String(ts), 'x-kiosk-nonce': nonce, 'x-kiosk-signature': signature },
      });
    const forPull = signRequest(a.secret, 'GET', `/v1/pull?scope=branch:${a.branchId}&after=0`, ts, nonce, body);
    expect((await send(forPull, a.deviceId)).statusCode).toBe(401);
    const signedByB = signRequest(b.secret, 'POST', '/v1/push', ts, nonce, body);
    expect((await send(signedByB, a.deviceId)).statusCode).toBe(401);
    const signedByAasB = signRequest(a.secret, 'POST', '/v1/push', ts, nonce, body);
    expect((await send(signedByAasB, b.deviceId)).statusCode).toBe(401);
    expect((await snapshot(a.branchId)).visits).toEqual([]);
    const clients = await suite.ho.hq.db.selectFrom('sync_client').select(sql<number>`count(*)`.as('n')).where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect(Number(clients.n)).toBe(0);
  });

  it('a device revoked while its desk has check-ins queued: the engine stops on 403, keeps the queue, nothing more is written', async () => {
    const { branchId, code } = await suite.ho.branchWithCode();
    const desk = await openBranchDesk(suite.ho.url, code);
    try {
      await desk.checkIn(0);
      await desk.drained();
      const before = await snapshot(branchId);
      expect(before.visits).toHaveLength(1);
      const deviceId = desk.k.ctx.kdb.sqlite.prepare('SELECT device_id FROM sync_state').pluck().get() as string;
      expect(await revokeDevice(suite.ho.hq.db, deviceId)).toBe(true);
      for (let i = 1; i <= 3; i++) await desk.checkIn(i * 17);
      await expect(desk.drained(10_000)).rejects.toThrow(/sync stopped: .*403/);
      expect(desk.k.sync.status().state).toBe('error');
      expect(desk.k.sync.status().pendingCount).toBe(desk.record().outbox.filter((r) => r.status === 'pending').length);
      expect(desk.k.sync.status().pendingCount).toBeGreaterThan(0);
      expect(await snapshot(branchId)).toEqual(before);
    } finally {
      await desk.dispose();
    }
  });
});
