import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enrollResponse, MAX_PUSH_BYTES, pullResponse, pushResponse, SIGNATURE_WINDOW_MS } from '../core/sync/protocol';
import { createBranch, revokeDevice } from './admin';
import { issueEnrollmentCode } from './auth/enrollment';
import { signRequest } from './auth/signature';
import { BACKENDS, mutation, pollScope, TestDevice, VERSION_HEADERS, visitArgs } from './testing';
import { servedHq } from './testSuite';

describe.each(BACKENDS)('head office on $name', (backend) => {
  /** Random commit delays for the commit-order race (only the race test turns them on). */
  let delays = false;
  const suite = servedHq(backend, { beforeChangeLog: async () => { if (delays) await new Promise((r) => setTimeout(r, Math.random() * 15)); } });

  let branchNo = 0;
  async function branch() {
    return createBranch(suite.hq.db, { code: `B${++branchNo}-${randomUUID().slice(0, 4)}`, name: `Branch ${branchNo}` });
  }
  function enroll(code: string, deviceName = 'Front desk 1', headers: Record<string, string> = VERSION_HEADERS) {
    return suite.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName }, headers });
  }
  async function device(branchId?: string): Promise<TestDevice> {
    const b = branchId ?? (await branch()).id;
    const { code } = await issueEnrollmentCode(suite.hq.db, b);
    const res = await enroll(code);
    expect(res.statusCode).toBe(200);
    const body = enrollResponse.parse(res.json());
    return new TestDevice(suite.app, body.deviceId, body.secret, body.branchId);
  }
  const count = async (table: 'visit' | 'sync_mutation' | 'change_log' | 'sync_client', where?: { column: string; value: string }) => {
    let q = suite.hq.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (where) q = q.where(sql.ref(where.column), '=', where.value);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const visitsOf = (branchId: string) => count('visit', { column: 'branch_id', value: branchId });

  describe('enrollment', () => {
    it('a code enrolls one device, once; the secret is 32 bytes', async () => {
      const b = await branch();
      const { code } = await issueEnrollmentCode(suite.hq.db, b.id);
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const first = await enroll(code.toLowerCase());
      expect(first.statusCode).toBe(200);
      const body = enrollResponse.parse(first.json());
      expect(body.branchId).toBe(b.id);
      expect(body.branchCode).toBe(b.code);
      expect(Buffer.from(body.secret, 'base64')).toHaveLength(32);
      const again = await enroll(code);
      expect(again.statusCode).toBe(403);
      expect(again.json().code).toBe('FORBIDDEN');
    });

    it('an expired or unknown code is refused; the code itself is not stored', async () => {
      const b = await branch();
      const { code } = await issueEnrollmentCode(suite.hq.db, b.id, 1);
      await new Promise((r) => setTimeout(r, 20));
      expect((await enroll(code)).statusCode).toBe(403);
      expect((await enroll('ABCD-EFGH-JKMN')).statusCode).toBe(403);
      const stored = await suite.hq.db.selectFrom('enrollment_code').select('code_hash').where('branch_id', '=', b.id).execute();
      expect(stored.map((r) => r.code_hash)).not.toContain(code);
    });

    it('unknown fields and missing version headers are refused', async () => {
      const b = await branch();
      const { code } = await issueEnrollmentCode(suite.hq.db, b.id);
      const extra = await suite.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName: 'x', branchId: b.id }, headers: VERSION_HEADERS });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().code).toBe('INVALID_REQUEST');
      expect((await enroll(code, 'x', {})).statusCode).toBe(426);
      expect((await enroll(code)).statusCode).toBe(200); // the refused attempts did not use it up
    });
  });

  describe('signed requests', () => {
    it('a wrong signature, an old timestamp, missing headers → 401 and nothing written', async () => {
      const d = await device();
      const batch = [mutation(1, 'visit.record', visitArgs(d.branchId))];
      const clientId = randomUUID();
      const wrongKey = await d.push(clientId, batch, { secret: Buffer.alloc(32, 7).toString('base64') });
      expect(wrongKey.status).toBe(401);
      expect(wrongKey.body?.code).toBe('UNAUTHENTICATED');
      expect((await d.push(clientId, batch, { timestamp: Date.now() - SIGNATURE_WINDOW_MS - 1000 })).status).toBe(401);
      expect((await d.push(clientId, batch, { timestamp: Date.now() + SIGNATURE_WINDOW_MS + 1000 })).status).toBe(401);
      const res = await suite.app.inject({ method: 'POST', url: '/v1/push', payload: { clientId, mutations: batch }, headers: VERSION_HEADERS });
      expect(res.statusCode).toBe(401);
      expect(await visitsOf(d.branchId)).toBe(0);
      expect(await count('sync_client', { column: 'client_id', value: clientId })).toBe(0);
    });

    it('a body altered after signing → 401', async () => {
      const d = await device();
      const batch = [mutation(1, 'visit.record', visitArgs(d.branchId))];
      const url = '/v1/push';
      const nonce = 'n'.repeat(32);
      const ts = Date.now();
      const good = JSON.stringify({ clientId: randomUUID(), mutations: batch });
      const sig = signRequest(d.secret, 'POST', url, ts, nonce, good);
      const res = await suite.app.inject({
        method: 'POST', url, payload: good.replace(d.branchId, randomUUID()),
        headers: { ...VERSION_HEADERS, 'content-type': 'application/json', 'x-kiosk-device': d.deviceId, 'x-kiosk-timestamp': String(ts), 'x-kiosk-nonce': nonce, 'x-kiosk-signature': sig },
      });
      expect(res.statusCode).toBe(401);
      expect(await count('sync_mutation', { column: 'mutation_id', value: batch[0]!.mutationId })).toBe(0);
    });

    it('a replayed request (same nonce) → 401, applied once', async () => {
      const d = await device();
      const batch = [mutation(1, 'visit.record', visitArgs(d.branchId))];
      const clientId = randomUUID();
      const ts = Date.now();
      const first = await d.push(clientId, batch, { nonce: 'replay-nonce-000001', timestamp: ts });
      expect(first.status).toBe(200);
      const replay = await d.push(clientId, batch, { nonce: 'replay-nonce-000001', timestamp: ts });
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'REPLAYED' });
      expect(await visitsOf(d.branchId)).toBe(1);
    });

    it('a revoked device → 403 on push and pull, nothing written', async () => {
      const d = await device();
      expect(await revokeDevice(suite.hq.db, d.deviceId)).toBe(true);
      const res = await d.push(randomUUID(), [mutation(1, 'visit.record', visitArgs(d.branchId))]);
      expect(res.status).toBe(403);
      expect(res.body?.code).toBe('FORBIDDEN');
      expect((await d.pull(`branch:${d.branchId}`, 0)).status).toBe(403);
      expect(await visitsOf(d.branchId)).toBe(0);
    });

    it('another device’s client id → 403, nothing written', async () => {
      const b = await branch();
      const a = await device(b.id);
      const other = await device(b.id);
      const clientId = randomUUID();
      expect((await a.push(clientId, [mutation(1, 'visit.record', visitArgs(b.id))])).status).toBe(200);
      const stolen = await other.push(clientId, [mutation(2, 'visit.record', visitArgs(b.id))]);
      expect(stolen.status).toBe(403);
      expect(await visitsOf(b.id)).toBe(1);
      const client = await suite.hq.db.selectFrom('sync_client').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
      expect(client.device_id).toBe(a.deviceId);
      expect(Number(client.last_seq)).toBe(1);
    });
  });

  describe('push', () => {
    it('the same batch twice → the same results, one visit, one change', async () => {
      const d = await device();
      const clientId = randomUUID();
      const batch = [mutation(1, 'visit.record', visitArgs(d.branchId)), mutation(2, 'visit.record', visitArgs(d.branchId))];
      const first = await d.push(clientId, batch);
      expect(first.status).toBe(200);
      const body = pushResponse.parse(first.body);
      expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(body.lastSeq).toBe(2);
      const second = await d.push(clientId, batch);
      expect(second.status).toBe(200);
      expect(pushResponse.parse(second.body).results).toEqual(body.results);
      expect(await visitsOf(d.branchId)).toBe(2);
      expect(await count('change_log', { column: 'scope', value: `branch:${d.branchId}` })).toBe(2);
      // Stored visit: the branch and the pushing device recorded.
      const v = await suite.hq.db.selectFrom('visit').selectAll().where('id', '=', batch[0]!.args.id as string).executeTakeFirstOrThrow();
      expect(v.branch_id).toBe(d.branchId);
      expect(v.received_from_device_id).toBe(d.deviceId);
      expect(v.admitted).toBe(true);
    });

    it('a gap → 409 OUT_OF_ORDER with the expected seq; the part before the gap is kept', async () => {
      const d = await device();
      const clientId = randomUUID();
      const early = await d.push(clientId, [mutation(2, 'visit.record', visitArgs(d.branchId))]);
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'OUT_OF_ORDER', expectedSeq: 1 });
      expect(await visitsOf(d.branchId)).toBe(0);
      const gap = await d.push(clientId, [mutation(1, 'visit.record', visitArgs(d.branchId)), mutation(3, 'visit.record', visitArgs(d.branchId))]);
      expect(gap.status).toBe(409);
      expect(gap.body).toMatchObject({ code: 'OUT_OF_ORDER', expectedSeq: 2 });
      expect(await visitsOf(d.branchId)).toBe(1);
    });

    it('a processed seq with other content → 409 CLIENT_DIVERGED', async () => {
      const d = await device();
      const clientId = randomUUID();
      const m1 = mutation(1, 'visit.record', visitArgs(d.branchId));
      expect((await d.push(clientId, [m1])).status).toBe(200);
      const other = mutation(1, 'visit.record', visitArgs(d.branchId));
      const res = await d.push(clientId, [{ ...other, mutationId: m1.mutationId }]);
      expect(res.status).toBe(409);
      expect(res.body?.code).toBe('CLIENT_DIVERGED');
      expect(await visitsOf(d.branchId)).toBe(1);
    });

    it('poison mutations are rejected and stored; later ones still apply', async () => {
      const d = await device();
      const clientId = randomUUID();
      const batch = [
        mutation(1, 'visit.record', visitArgs(d.branchId)),
        mutation(2, 'visit.teleport', { to: 'mars' }),
        mutation(3, 'visit.record', visitArgs(d.branchId, { color: 'purple' })),
        mutation(4, 'visit.record', visitArgs(d.branchId), 7),
        mutation(5, 'visit.record', visitArgs(d.branchId)),
      ];
      const res = await d.push(clientId, batch);
      expect(res.status).toBe(200);
      const body = pushResponse.parse(res.body);
      expect(body.results.map((r) => [r.status, r.error?.code])).toEqual([
        ['applied', undefined], ['rejected', 'UNKNOWN_MUTATION'], ['rejected', 'VALIDATION'], ['rejected', 'VALIDATION'], ['applied', undefined],
      ]);
      expect(body.lastSeq).toBe(5);
      expect(await visitsOf(d.branchId)).toBe(2);
      const stored = await suite.hq.db.selectFrom('sync_mutation').select(['seq', 'status']).where('client_id', '=', clientId).orderBy('seq').execute();
      expect(stored.map((s) => s.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied']);
      // And the next batch follows on.
      expect(pushResponse.parse((await d.push(clientId, [mutation(6, 'visit.record', visitArgs(d.branchId))])).body).lastSeq).toBe(6);
    });

    it('a visit claiming another branch is rejected FORBIDDEN; nothing lands there', async () => {
      const d = await device();
      const elsewhere = await branch();
      const res = await d.push(randomUUID(), [mutation(1, 'visit.record', visitArgs(elsewhere.id)), mutation(2, 'visit.record', visitArgs(d.branchId))]);
      const body = pushResponse.parse(res.body);
      expect(body.results.map((r) => [r.status, r.error?.code])).toEqual([['rejected', 'FORBIDDEN'], ['applied', undefined]]);
      expect(await visitsOf(elsewhere.id)).toBe(0);
      expect(await visitsOf(d.branchId)).toBe(1);
    });

    it('visit.override admits a denied visit of its own branch only', async () => {
      const b = await branch();
      const d = await device(b.id);
      const intruder = await device();
      const v = visitArgs(b.id, { admitted: 0, color: 'red' });
      const clientId = randomUUID();
      const args = { visitId: v.id, staffId: randomUUID(), reason: 'card at home', overriddenAt: new Date().toISOString() };
      const res = await d.push(clientId, [mutation(1, 'visit.record', v), mutation(2, 'visit.override', args)]);
      expect(pushResponse.parse(res.body).results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const row = await suite.hq.db.selectFrom('visit').selectAll().where('id', '=', v.id as string).executeTakeFirstOrThrow();
      expect(row.admitted).toBe(true);
      expect(row.override_reason).toBe('card at home');
      const pulled = pullResponse.parse((await d.pull(`branch:${b.id}`, 0)).body);
      if (pulled.reset) throw new Error('unexpected reset');
      expect(pulled.changes.map((c) => [c.pk, c.version, c.row?.admitted])).toEqual([[v.id, 1, 0], [v.id, 2, 1]]);
      const theirs = await intruder.push(randomUUID(), [mutation(1, 'visit.override', { ...args, reason: 'sneaky' })]);
      expect(pushResponse.parse(theirs.body).results[0]?.error?.code).toBe('FORBIDDEN');
    });

    it('unknown fields → 400; over MAX_PUSH_BYTES → 413; versions outside the window → 426; nothing written', async () => {
      const d = await device();
      const clientId = randomUUID();
      const m = mutation(1, 'visit.record', visitArgs(d.branchId));
      const extra = await d.request('POST', '/v1/push', { clientId, mutations: [m], branchId: d.branchId });
      expect(extra.status).toBe(400);
      expect(extra.body?.code).toBe('INVALID_REQUEST');
      const extraInMutation = await d.push(clientId, [{ ...m, branchId: d.branchId } as typeof m]);
      expect(extraInMutation.status).toBe(400);
      const big = mutation(1, 'visit.record', { ...visitArgs(d.branchId), padding: 'x'.repeat(MAX_PUSH_BYTES) });
      const tooLarge = await d.push(clientId, [big]);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body?.code).toBe('TOO_LARGE');
      const oldProtocol = await d.push(clientId, [m], { headers: { 'x-kiosk-protocol': '0' } });
      expect(oldProtocol.status).toBe(426);
      expect(oldProtocol.body).toMatchObject({ code: 'VERSION_NOT_SUPPORTED', supported: { min: 1, max: 1 } });
      expect((await d.push(clientId, [m], { headers: { 'x-kiosk-schema': '99' } })).status).toBe(426);
      expect(await visitsOf(d.branchId)).toBe(0);
      expect(await count('sync_client', { column: 'client_id', value: clientId })).toBe(0);
    });
  });

  describe('pull', () => {
    it('reads only global and its own branch', async () => {
      const d = await device();
      const other = await branch();
      expect((await d.pull('global', 0)).status).toBe(200);
      expect((await d.pull(`branch:${d.branchId}`, 0)).status).toBe(200);
      const refused = await d.pull(`branch:${other.id}`, 0);
      expect(refused.status).toBe(403);
      expect((await d.request('GET', `/v1/pull?scope=global&after=0&branch=${other.id}`)).status).toBe(400);
    });

    it('pages in seq order, never splitting one push’s changes, with hasMore; a cursor past the head resets', async () => {
      const d = await device();
      const clientId = randomUUID();
      const scope = `branch:${d.branchId}`;
      await d.push(clientId, [1, 2, 3, 4, 5].map((s) => mutation(s, 'visit.record', visitArgs(d.branchId))));
      await d.push(clientId, [6, 7, 8].map((s) => mutation(s, 'visit.record', visitArgs(d.branchId))));
      const p1 = pullResponse.parse((await d.pull(scope, 0, 2)).body);
      if (p1.reset) throw new Error('unexpected reset');
      expect(p1.changes.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(p1.hasMore).toBe(true);
      const p2 = pullResponse.parse((await d.pull(scope, p1.cursor, 2)).body);
      if (p2.reset) throw new Error('unexpected reset');
      expect(p2.changes.map((c) => c.seq)).toEqual([6, 7, 8]);
      expect(p2).toMatchObject({ cursor: 8, hasMore: false });
      expect(p2.changes[0]).toMatchObject({ scope, table: 'visit', op: 'upsert', version: 1 });
      expect(pullResponse.parse((await d.pull(scope, 99)).body).reset).toBe(true);
    });

    it('concurrent pushers while a puller polls: every change seen exactly once, in seq order (SYNC.md fault 9)', async () => {
      const b = await branch();
      const pushers = await Promise.all([1, 2, 3, 4].map(() => device(b.id)));
      const puller = await device(b.id);
      const scope = `branch:${b.id}`;
      const batches = 8;
      const perBatch = 4;
      const expected = pushers.length * batches * perBatch;
      delays = true;
      let done = false;
      const poll = pollScope(puller, scope, 5, () => done);
      await Promise.all(
        pushers.map(async (p) => {
          const clientId = randomUUID();
          for (let i = 0; i < batches; i++) {
            const res = await p.push(clientId, Array.from({ length: perBatch }, (_, k) => mutation(i * perBatch + k + 1, 'visit.record', visitArgs(b.id))));
            expect(res.status).toBe(200);
          }
        }),
      );
      done = true;
      const seen = await poll;
      delays = false;
      expect(seen.map((s) => s.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      expect(new Set(seen.map((s) => s.pk)).size).toBe(expected);
      expect(await visitsOf(b.id)).toBe(expected);
    }, 60_000);
  });
});

// CI must run the PostgreSQL half (the concurrency race needs it): without a database URL
// there, fail rather than pass on PGlite alone. A developer machine without PostgreSQL runs the
// PGlite half only.
if (process.env.CI) {
  describe('head office on PostgreSQL in CI', () => {
    it('has a PostgreSQL database to run the same suite on', () => {
      expect(BACKENDS.map((b) => b.name)).toContain('postgres');
    });
  });
}
