import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMutation } from '../core/sync/protocol';
import type { AuthedDevice } from './auth/signature';
import type { HqDatabase } from './db/open';
import { applyPush } from './sync/push';
import { branchScope } from './sync/scopes';
import { argsHash, BACKENDS, visitArgs } from './testing';
import { openTwinHqs, pushSnapshot, type TwinHqs } from './twinHq';

/**
 * The bulk path (headoffice/sync/pushBatch.ts) against the one-by-one reference
 * (headoffice/sync/pushSequential.ts): the same random pushes — valid visits, poison visits
 * (bad arguments, another branch, a value PostgreSQL refuses), visit ids twice, overrides,
 * sales, unknown mutations and versions, replays, divergence, gaps, a mutation id under an
 * older client and under another device — give the same answers, alerts, rows and change log.
 */

type Op =
  | { kind: 'visit' | 'visitAgain' | 'visitOtherBranch' | 'visitBadArgs' | 'visitPoison' | 'override' | 'sale' | 'unknown' | 'badVersion' | 'reuseId'; pick: number }
  | { kind: 'replay'; pick: number; diverge: boolean }
  | { kind: 'gap' };

interface Step {
  client: 0 | 1 | 2; // 0 and 1: two client epochs of device A; 2: device B of another branch
  ops: Op[];
}

const pickOp = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('visit' as const), pick: fc.nat() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('visitAgain', 'visitOtherBranch', 'visitBadArgs', 'visitPoison', 'override', 'sale', 'unknown', 'badVersion', 'reuseId'),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat(), diverge: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'gap' as const }) },
) as fc.Arbitrary<Op>;

const scenario = fc.array(fc.record({ client: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>, ops: fc.array(pickOp, { minLength: 1, maxLength: 12 }) }), { minLength: 1, maxLength: 6 });

describe.each(BACKENDS)('push, bulk path against one by one (%s)', (backend) => {
  let twins: TwinHqs;
  let bulk: HqDatabase;
  let reference: HqDatabase;
  let devices: AuthedDevice[];

  beforeAll(async () => {
    twins = await openTwinHqs(backend, [
      { code: 'BULK-A', name: '甲店' },
      { code: 'BULK-B', name: '乙店' },
    ]);
    ({ subject: bulk, reference, devices } = twins);
  }, 60_000);

  afterAll(async () => {
    await twins?.cleanup();
  });

  it('a poison visit PostgreSQL refuses rejects only itself; the rest of the run applies once', async () => {
    const device = devices[0]!;
    const args = Array.from({ length: 9 }, (_, i) => visitArgs(device.branchId, { device_id: device.deviceId, ...(i === 5 ? { reasons: ['\u0000'] } : {}) }));
    const mutations = args.map((a, i): PushMutation => ({
      seq: i + 1, mutationId: randomUUID(), name: 'visit.record', version: 1, args: a, argsHash: argsHash(a), hlc: `1790000000000-${i}-dev`, deviceTime: '2026-11-23T09:00:00.000Z',
    }));
    const before = await bulk.db.selectFrom('sync_scope').select('last_seq').where('scope', '=', branchScope(device.branchId)).executeTakeFirst();
    const clientId = randomUUID();
    const outcome = await applyPush(bulk.db, device, { clientId, mutations });
    // The reference database takes the same push one by one: both stay equal for the property below.
    expect(outcome).toEqual(await applyPush(reference.db, device, { clientId, mutations }, { bulk: false }));
    expect(outcome.status).toBe(200);
    const results = outcome.status === 200 ? outcome.body.results : [];
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);
    expect(results[5]!.error?.code).toBe('CONFLICT');
    const stored = await bulk.db.selectFrom('visit').select('id').where('id', 'in', args.map((a) => a.id as string)).execute();
    expect(stored.map((v) => v.id).sort()).toEqual(args.filter((_, i) => i !== 5).map((a) => a.id as string).sort());
    const after = await bulk.db.selectFrom('sync_scope').select('last_seq').where('scope', '=', branchScope(device.branchId)).executeTakeFirstOrThrow();
    expect(Number(after.last_seq) - Number(before?.last_seq ?? 0)).toBe(8);
  });

  it('gives the same answers, alerts, rows and change log for random pushes', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps: Step[]) => {
        const clients = [randomUUID(), randomUUID(), randomUUID()];
        const owner = (c: number) => devices[c === 2 ? 1 : 0]!;
        const sent: PushMutation[][] = [[], [], []];
        const visitIds: string[] = [];
        const pastMutations: PushMutation[] = [];
        let n = 0;
        const make = (seq: number, name: string, args: Record<string, unknown>, version = 1): PushMutation => ({
          seq, mutationId: randomUUID(), name, version, args, argsHash: argsHash(args), hlc: `1790000000000-${n}-dev`, deviceTime: `2026-11-2${n++ % 10}T08:00:00.000Z`,
        });
        for (const step of steps) {
          const device = owner(step.client);
          const other = devices.find((d) => d !== device)!;
          const row = await bulk.db.selectFrom('sync_client').select('last_seq').where('client_id', '=', clients[step.client]!).executeTakeFirst();
          let seq = Number(row?.last_seq ?? 0);
          const batch: PushMutation[] = [];
          const replays: PushMutation[] = [];
          for (const op of step.ops) {
            const visit = (over: Record<string, unknown> = {}) => visitArgs(device.branchId, { device_id: device.deviceId, occurred_at: '2026-11-23T09:00:00.000Z', ...over });
            const known = (pick: number) => visitIds[pick % Math.max(visitIds.length, 1)] ?? randomUUID();
            switch (op.kind) {
              case 'visit': {
                const args = visit();
                visitIds.push(args.id as string);
                batch.push(make(++seq, 'visit.record', args));
                break;
              }
              case 'visitAgain':
                batch.push(make(++seq, 'visit.record', visit({ id: known(op.pick) })));
                break;
              case 'visitOtherBranch':
                batch.push(make(++seq, 'visit.record', visit({ branch_id: other.branchId })));
                break;
              case 'visitBadArgs':
                batch.push(make(++seq, 'visit.record', visit({ color: 'blue' })));
                break;
              case 'visitPoison':
                // Valid to zod, refused by PostgreSQL (jsonb has no \u0000): only this one is rejected.
                batch.push(make(++seq, 'visit.record', visit({ reasons: ['\u0000'] })));
                break;
              case 'override':
                batch.push(make(++seq, 'visit.override', { visitId: known(op.pick), staffId: 'S1', reason: '忘带卡', overriddenAt: '2026-11-23T09:05:00.000Z' }));
                break;
              case 'sale':
                batch.push(make(++seq, 'consumption.record', {
                  id: randomUUID(), memberId: randomUUID(), branchId: device.branchId, occurredAt: '2026-11-23T09:00:00.000Z', category: 'product',
                  amountFen: 1000, receiptNo: `R${op.pick % 3}`, note: null, source: 'desk', importId: null, staffId: null,
                }));
                break;
              case 'unknown':
                batch.push(make(++seq, 'visit.teleport', {}));
                break;
              case 'badVersion':
                batch.push(make(++seq, 'visit.record', visit(), 9));
                break;
              case 'reuseId': {
                // A mutation id seen before: under an older client of this device, or another device's.
                const past = pastMutations[op.pick % Math.max(pastMutations.length, 1)];
                if (past) batch.push({ ...past, seq: ++seq });
                break;
              }
              case 'replay': {
                const mine = sent[step.client]!;
                const past = mine[op.pick % Math.max(mine.length, 1)];
                if (past) replays.push(op.diverge ? { ...past, mutationId: randomUUID() } : past);
                break;
              }
              case 'gap':
                seq++;
                break;
            }
          }
          // Resends lead the batch, as a client resends what it was not sure of.
          batch.unshift(...replays.sort((x, y) => x.seq - y.seq));
          if (batch.length === 0) continue;
          const alerts: [string[], string[]] = [[], []];
          // A thrown push (the route's 503) must throw on both paths, with the same error code.
          const run = (hq: HqDatabase, useBulk: boolean, into: string[]) =>
            applyPush(hq.db, device, { clientId: clients[step.client]!, mutations: batch }, { bulk: useBulk, alert: (message) => into.push(message) }).then(
              (outcome): unknown => outcome,
              (error: { code?: string }) => ({ threw: error.code ?? 'not a database error' }),
            );
          const got = await run(bulk, true, alerts[0]);
          const want = await run(reference, false, alerts[1]);
          expect(got).toEqual(want);
          expect(alerts[0]).toEqual(alerts[1]);
          sent[step.client]!.push(...batch);
          pastMutations.push(...batch);
        }
        expect(await pushSnapshot(bulk.db)).toEqual(await pushSnapshot(reference.db));
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
