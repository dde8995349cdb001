import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMutation } from '../core/sync/protocol';
import { createBranch } from './admin';
import type { AuthedDevice } from './auth/signature';
import { enrollDevice, issueEnrollmentCode } from './auth/enrollment';
import type { HqDatabase } from './db/open';
import { applyPush } from './sync/push';
import { tryPushVisitRun } from './sync/pushVisitRun';
import { branchScope } from './sync/scopes';
import { argsHash, BACKENDS, mutation, visitArgs } from './testing';

/**
 * The one-statement push of new check-ins (headoffice/sync/pushVisitRun.ts): it takes a plain
 * next run and writes what the general path writes; anything else it hands back with nothing
 * written, the general path then answering. Its equality with one-by-one on random pushes is
 * in headoffice/pushBulk.test.ts (applyPush tries it first).
 */
describe.each(BACKENDS)('push of a run of new check-ins in one statement (%s)', (backend) => {
  let opened: { hq: HqDatabase; cleanup(): Promise<void> };
  let device: AuthedDevice;
  let otherDevice: AuthedDevice;

  beforeAll(async () => {
    opened = await backend.open();
    const db = opened.hq.db;
    const enroll = async (code: string) => {
      const branch = await createBranch(db, { code, name: `${code} 店` });
      const enrolled = (await enrollDevice(db, (await issueEnrollmentCode(db, branch.id)).code, '前台'))!;
      return { deviceId: enrolled.deviceId, branchId: branch.id };
    };
    device = await enroll('RUN-A');
    otherDevice = await enroll('RUN-B');
  }, 60_000);

  afterAll(async () => {
    await opened?.cleanup();
  });

  const visits = (from: number, n: number, over: (i: number) => Record<string, unknown> = () => ({})): PushMutation[] =>
    Array.from({ length: n }, (_, i) => mutation(from + i, 'visit.record', visitArgs(device.branchId, { device_id: device.deviceId, ...over(i) })));

  /** Rows the push could have written, counted: nothing may change when the run is handed back. */
  const counts = async (clientId: string) => {
    const db = opened.hq.db;
    const one = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
    return {
      visits: await one(db.selectFrom('visit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as never),
      mutations: await one(db.selectFrom('sync_mutation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as never),
      log: await one(db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as never),
      lastSeq: Number((await db.selectFrom('sync_client').select('last_seq').where('client_id', '=', clientId).executeTakeFirst())?.last_seq ?? -1),
    };
  };

  it('applies a next run: the visits, the stored results, the cursor and the branch change log in seq order', async () => {
    const db = opened.hq.db;
    const clientId = randomUUID();
    const batch = visits(1, 20);
    const before = Number((await db.selectFrom('sync_scope').select('last_seq').where('scope', '=', branchScope(device.branchId)).executeTakeFirst())?.last_seq ?? 0);
    const outcome = await tryPushVisitRun(db, device, { clientId, mutations: batch });
    expect(outcome?.status).toBe(200);
    expect(outcome?.status === 200 && outcome.body.lastSeq).toBe(20);
    expect(outcome?.status === 200 && outcome.body.results.every((r, i) => r.status === 'applied' && r.seq === i + 1 && r.mutationId === batch[i]!.mutationId)).toBe(true);

    const ids = batch.map((m) => m.args.id as string);
    const stored = await db.selectFrom('visit').selectAll().where('id', 'in', ids).execute();
    expect(stored).toHaveLength(20);
    expect(stored.every((v) => v.branch_id === device.branchId && v.received_from_device_id === device.deviceId && v.version === 1)).toBe(true);
    const rows = await db.selectFrom('sync_mutation').select(['seq', 'mutation_id', 'args_hash', 'status', 'result']).where('client_id', '=', clientId).orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), r.mutation_id, r.args_hash, r.status])).toEqual(batch.map((m) => [m.seq, m.mutationId, argsHash(m.args), 'applied']));
    expect(rows[0]!.result).toEqual({ seq: 1, mutationId: batch[0]!.mutationId, status: 'applied' });
    expect((await counts(clientId)).lastSeq).toBe(20);

    const log = await db.selectFrom('change_log').selectAll().where('scope', '=', branchScope(device.branchId)).where('seq', '>', before).orderBy('seq').execute();
    expect(log.map((c) => [Number(c.seq), c.pk, c.table_name, c.op, Number(c.tx_last_seq)])).toEqual(ids.map((id, i) => [before + i + 1, id, 'visit', 'upsert', before + 20]));
    expect(log[0]!.row).toMatchObject({ id: ids[0], admitted: 1, branch_id: device.branchId, occurred_at: batch[0]!.args.occurred_at });

    // The next run follows on; a resend of the first is answered by the general path with the stored results.
    expect((await tryPushVisitRun(db, device, { clientId, mutations: visits(21, 5) }))?.status).toBe(200);
    const afterRuns = await counts(clientId);
    expect(await tryPushVisitRun(db, device, { clientId, mutations: batch })).toBeNull();
    const resent = await applyPush(db, device, { clientId, mutations: batch });
    expect(resent.status === 200 && resent.body.results.map((r) => r.status)).toEqual(batch.map(() => 'applied'));
    expect(await counts(clientId)).toEqual(afterRuns);
  });

  it('hands back, writing nothing, every batch that is not a plain next run of new visits of its own branch', async () => {
    const db = opened.hq.db;
    const clientId = randomUUID();
    expect((await tryPushVisitRun(db, device, { clientId, mutations: visits(1, 3) }))?.status).toBe(200);
    const stored = visits(1, 1)[0]!;
    await applyPush(db, device, { clientId: randomUUID(), mutations: [stored] });
    const sale = mutation(4, 'consumption.record', { id: randomUUID() });
    const cases: [string, PushMutation[]][] = [
      ['a gap', visits(5, 2)],
      ['seqs out of order', [...visits(5, 1), ...visits(4, 1)]],
      ['another mutation in the batch', [...visits(4, 1), { ...sale, seq: 5 }]],
      ['a newer version', visits(4, 1).map((m) => ({ ...m, version: 2 }))],
      ['arguments that do not validate', visits(4, 2, (i) => (i === 1 ? { color: 'blue' } : {}))],
      ['a visit claiming another branch', visits(4, 2, (i) => (i === 1 ? { branch_id: otherDevice.branchId } : {}))],
      ['one visit id twice', visits(4, 2, () => ({ id: 'same-visit-id' }))],
      ['a visit id already stored', [{ ...mutation(4, 'visit.record', stored.args), seq: 4 }]],
      ['a mutation id already stored', [{ ...visits(4, 1)[0]!, mutationId: stored.mutationId }]],
      ['a value PostgreSQL refuses', visits(4, 2, (i) => (i === 1 ? { reasons: ['\u0000'] } : {}))],
      // Stored as sent by the general path (microseconds, an offset); this path stores the desk's canonical form only.
      ['an instant with microseconds', visits(4, 1, () => ({ occurred_at: '2026-11-23T09:00:00.123456Z' }))],
      ['an instant with an offset', visits(4, 1, () => ({ overridden_at: '2026-11-23T17:00:00.000+08:00' }))],
    ];
    for (const [what, mutations] of cases) {
      const before = await counts(clientId);
      expect(await tryPushVisitRun(db, device, { clientId, mutations }), what).toBeNull();
      expect(await counts(clientId), what).toEqual(before);
    }
    // A client id of another device: handed back (the general path answers FORBIDDEN).
    expect(await tryPushVisitRun(db, otherDevice, { clientId, mutations: visits(4, 1) })).toBeNull();
    expect((await applyPush(db, otherDevice, { clientId, mutations: visits(4, 1) })).status).toBe(403);
    // The general path then takes a handed-back run: the stored visit id is applied once, as before.
    const again = await applyPush(db, device, { clientId, mutations: [{ ...mutation(4, 'visit.record', stored.args), seq: 4 }] });
    expect(again.status === 200 && again.body.results[0]!.status).toBe('applied');
    expect((await counts(clientId)).lastSeq).toBe(4);
  });
});
