import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrollResponse } from '../core/sync/protocol';
import { createBranch } from './admin';
import { issueEnrollmentCode } from './auth/enrollment';
import { BACKENDS, mutation, pollScope, TestDevice, VERSION_HEADERS, visitArgs } from './testing';
import { servedHq } from './testSuite';

/**
 * SYNC.md fault 9 again, on the server as it runs (no test hook, so a push of check-ins only
 * goes through the one-statement path, headoffice/sync/pushVisitRun.ts) with pushes of both
 * kinds racing: desks of one branch push runs of check-ins, some with a sale among them (the
 * general path), while a puller polls. The branch's change log must come out gapless, in seq
 * order, every change seen once. headoffice/server.test.ts runs the general path alone with
 * random commit delays.
 */
function sale(branchId: string): Record<string, unknown> {
  return {
    id: randomUUID(), memberId: randomUUID(), branchId, occurredAt: '2026-11-23T09:00:00.000Z', category: 'product',
    amountFen: 1000, receiptNo: null, note: null, source: 'desk', importId: null, staffId: null,
  };
}

describe.each(BACKENDS)('pushes of both paths racing a puller on $name', (backend) => {
  const suite = servedHq(backend);

  async function device(branchId: string): Promise<TestDevice> {
    const { code } = await issueEnrollmentCode(suite.hq.db, branchId);
    const res = await suite.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName: '前台' }, headers: VERSION_HEADERS });
    const body = enrollResponse.parse(res.json());
    return new TestDevice(suite.app, body.deviceId, body.secret, body.branchId);
  }

  it('every change seen exactly once, in seq order, and every visit stored once', async () => {
    const b = await createBranch(suite.hq.db, { code: `RACE-${randomUUID().slice(0, 4)}`, name: '并发测试店' });
    const pushers = await Promise.all([1, 2, 3, 4].map(() => device(b.id)));
    const puller = await device(b.id);
    const scope = `branch:${b.id}`;
    const batches = 8;
    const perBatch = 5;
    let done = false;
    const poll = pollScope(puller, scope, 7, () => done);
    const visitIds: string[] = [];
    await Promise.all(
      pushers.map(async (p, n) => {
        const clientId = randomUUID();
        let seq = 0;
        for (let i = 0; i < batches; i++) {
          // Every third push of every other desk carries a sale: the general path, among the others.
          const withSale = n % 2 === 1 && i % 3 === 0;
          const batch = Array.from({ length: perBatch + (withSale ? 1 : 0) }, (_, k) => {
            if (withSale && k === 2) return mutation(++seq, 'consumption.record', sale(b.id));
            const args = visitArgs(b.id, { device_id: p.deviceId });
            visitIds.push(args.id as string);
            return mutation(++seq, 'visit.record', args);
          });
          const res = await p.push(clientId, batch);
          expect(res.status).toBe(200);
          expect((res.body as { results: { status: string }[] }).results.every((r) => r.status === 'applied')).toBe(true);
        }
      }),
    );
    done = true;
    const seen = await poll;
    const visits = await suite.hq.db.selectFrom('visit').select('id').where('branch_id', '=', b.id).execute();
    expect(visits.map((v) => v.id).sort()).toEqual([...visitIds].sort());
    const changes = await suite.hq.db.selectFrom('change_log').select('seq').where('scope', '=', scope).execute();
    expect(seen.map((s) => s.seq)).toEqual(Array.from({ length: changes.length }, (_, i) => i + 1));
    expect(seen.map((s) => s.pk).sort()).toEqual([...visitIds].sort());
  }, 60_000);
});
