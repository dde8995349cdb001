import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMutation } from '../core/sync/protocol';
import { createBranch } from './admin';
import type { AuthedDevice } from './auth/signature';
import { enrollDevice, issueEnrollmentCode } from './auth/enrollment';
import type { HqDatabase } from './db/open';
import { applyPush } from './sync/push';
import { argsHash, BACKENDS, mutation, visitArgs } from './testing';

/**
 * A PC re-enrolled (head office makes it a new device) resends, under its new client, what it
 * had pushed as the old device when the answer never came back. Head office answers with the
 * stored result and writes nothing twice, for a device of the same branch with the same
 * content; anyone else using that mutation id is refused.
 */
describe.each(BACKENDS)('a mutation resent after a re-enrollment (%s)', (backend) => {
  let opened: { hq: HqDatabase; cleanup(): Promise<void> };
  let before: AuthedDevice;
  let after: AuthedDevice;
  let elsewhere: AuthedDevice;

  beforeAll(async () => {
    opened = await backend.open();
    const db = opened.hq.db;
    const a = await createBranch(db, { code: 'RE-A', name: '甲店' });
    const b = await createBranch(db, { code: 'RE-B', name: '乙店' });
    const enroll = async (branchId: string) => {
      const e = (await enrollDevice(db, (await issueEnrollmentCode(db, branchId)).code, '前台'))!;
      return { deviceId: e.deviceId, branchId };
    };
    [before, after, elsewhere] = [await enroll(a.id), await enroll(a.id), await enroll(b.id)];
  }, 60_000);

  afterAll(async () => {
    await opened?.cleanup();
  });

  const visitCount = async (id: string) =>
    Number((await opened.hq.db.selectFrom('visit').select((eb) => eb.fn.countAll().as('n')).where('id', '=', id).executeTakeFirstOrThrow()).n);

  for (const bulk of [true, false]) {
    it(`is answered with its stored result for the same branch, refused for another branch or other content (${bulk ? 'bulk path' : 'one by one'})`, async () => {
      const db = opened.hq.db;
      const sale = mutation(1, 'consumption.record', {
        id: randomUUID(), memberId: randomUUID(), branchId: before.branchId, occurredAt: '2026-11-23T09:00:00.000Z', category: 'product',
        amountFen: 1500, receiptNo: `R-${bulk ? 1 : 2}`, note: null, source: 'desk', importId: null, staffId: null,
      });
      const visit = mutation(2, 'visit.record', visitArgs(before.branchId, { device_id: before.deviceId }));
      const first = await applyPush(db, before, { clientId: randomUUID(), mutations: [sale, visit] }, { bulk });
      expect(first.status === 200 && first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

      // The re-enrolled PC: a new device of the same branch, the same records as seqs 1… of its new client.
      const newClient = randomUUID();
      const resent: PushMutation[] = [{ ...sale, seq: 1 }, { ...visit, seq: 2 }, mutation(3, 'visit.record', visitArgs(after.branchId, { device_id: after.deviceId }))];
      const outcome = await applyPush(db, after, { clientId: newClient, mutations: resent }, { bulk });
      expect(outcome.status === 200 && outcome.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await visitCount(visit.args.id as string)).toBe(1);
      const sales = await db.selectFrom('consumption').select('id').where('id', '=', sale.args.id as string).execute();
      expect(sales).toHaveLength(1);
      const client = await db.selectFrom('sync_client').select('last_seq').where('client_id', '=', newClient).executeTakeFirstOrThrow();
      expect(Number(client.last_seq)).toBe(3);

      // Another branch's device, or the same id with other content: refused, nothing written.
      const other = await applyPush(db, elsewhere, { clientId: randomUUID(), mutations: [{ ...visit, seq: 1, args: visitArgs(elsewhere.branchId, { id: visit.args.id }) }] }, { bulk });
      expect(other.status === 200 && other.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
      const changedArgs = { ...visit.args, color: 'red' };
      const diverged = await applyPush(db, after, { clientId: randomUUID(), mutations: [{ ...visit, seq: 1, args: changedArgs, argsHash: argsHash(changedArgs) }] }, { bulk });
      expect(diverged.status === 200 && diverged.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT' } });
      expect(await visitCount(visit.args.id as string)).toBe(1);
    });
  }
});
