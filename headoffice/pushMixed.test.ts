import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushMutation, PushRequest } from '../core/sync/protocol';
import type { AuthedDevice } from './auth/signature';
import type { HqDatabase } from './db/open';
import { applyPush, beginPush } from './sync/push';
import { cardBindArgs, registerArgs } from './sync/handlers/testArgs';
import { argsHash, type Backend, BACKENDS, visitArgs } from './testing';
import { openTwinHqs, pushSnapshot, type TwinHqs } from './twinHq';

/**
 * A desk's next batch of new check-ins mixed with other writes (headoffice/sync/pushMixed.ts):
 * its visits inserted before the push's turn, the rest in it. Held equal to one-by-one on random
 * batches, and handed back to the general path, with nothing of it kept, whenever it is not a
 * plain next batch.
 */
/** Other writes: sales and refusals, and roster writes on three members (so a batch often touches one twice). */
const SALES = ['sale', 'saleOtherBranch', 'salePoison', 'unknown', 'missingMember'] as const;
type Other = (typeof SALES)[number] | 'renew' | 'freeze' | 'unfreeze' | 'update' | 'bind' | 'lost';

// Mostly writes that are never refused (renewals, edits): a batch with any refusal is redone one
// by one, so those are what test the turn's interleaving against one-by-one's order.
const rosterKind = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Other>('renew') },
  { weight: 2, arbitrary: fc.constant<Other>('update') },
  ...(['freeze', 'unfreeze', 'bind', 'lost'] as const).map((k) => ({ weight: 1, arbitrary: fc.constant<Other>(k) })),
);
const item = fc.oneof(
  { weight: 3, arbitrary: fc.constant('visit' as const) },
  { weight: 1, arbitrary: fc.record({ other: fc.constantFrom<Other>(...SALES), receipt: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ other: rosterKind, receipt: fc.nat(2) }) },
);

/** The two databases and a way to make mutations and push them to both (the subject path, the one-by-one reference). */
function mixedSuite(backend: Backend) {
  const ctx = {} as {
    twins: TwinHqs;
    subject: HqDatabase;
    reference: HqDatabase;
    device: AuthedDevice;
    other: AuthedDevice;
  };
  let n = 0;

  beforeAll(async () => {
    ctx.twins = await openTwinHqs(backend, [
      { code: 'MIX-A', name: '甲店' },
      { code: 'MIX-B', name: '乙店' },
    ]);
    ctx.subject = ctx.twins.subject;
    ctx.reference = ctx.twins.reference;
    [ctx.device, ctx.other] = ctx.twins.devices as [AuthedDevice, AuthedDevice];
  }, 60_000);

  afterAll(async () => {
    await ctx.twins?.cleanup();
  });

  const make = (seq: number, name: string, args: Record<string, unknown>): PushMutation => ({
    seq, mutationId: randomUUID(), name, version: 1, args, argsHash: argsHash(args), hlc: `1790000000000-${n}-dev`, deviceTime: `2026-11-2${n++ % 10}T08:00:00.000Z`,
  });
  const visit = (seq: number, of = ctx.device) => make(seq, 'visit.record', visitArgs(of.branchId, { device_id: of.deviceId, occurred_at: '2026-11-23T09:00:00.000Z' }));
  const sale = (seq: number, over: Record<string, unknown> = {}, of = ctx.device) =>
    make(seq, 'consumption.record', {
      id: randomUUID(), memberId: randomUUID(), branchId: of.branchId, occurredAt: '2026-11-23T09:00:00.000Z', category: 'product',
      amountFen: 1000, receiptNo: null, note: null, source: 'desk', importId: null, staffId: null, ...over,
    });
  /** Members registered on both databases (rosterWrites), and the cards bound to them so far. */
  const roster: { memberId: string; membershipId: string }[] = [];
  const bindings: { id: string; memberId: string }[] = [];
  const registerRoster = async () => {
    const clientId = randomUUID();
    const mutations = [0, 1, 2].map((i) => {
      const a = registerArgs(ctx.device.branchId);
      roster.push({ memberId: a.member.id, membershipId: a.membership.id });
      return make(i + 1, 'member.register', a);
    });
    expect((await both({ clientId, mutations })).status).toBe(200);
  };
  /** A roster write on member `at`: in a batch, interleaved with those on other members and in order with those on the same one. */
  const rosterWrite = (seq: number, kind: Other, at: number): PushMutation => {
    const { memberId, membershipId } = roster[at]!;
    const base = { membershipId, memberId, staffId: null, eventId: randomUUID() };
    switch (kind) {
      case 'renew':
        return make(seq, 'membership.renew', { ...base, consumptionId: randomUUID(), planCode: 'month', from: '2027-01-01', to: '2027-01-31', amountFen: 39_900 });
      case 'freeze': // a second freeze of a frozen membership is refused
        return make(seq, 'membership.freeze', { ...base, from: '2026-12-01', until: '2026-12-10', validUntil: '2027-01-10' });
      case 'unfreeze':
        return make(seq, 'membership.unfreeze', { ...base, returnedFrom: null, returnedUntil: null, validUntil: '2026-12-31' });
      case 'update':
        return make(seq, 'member.update', { memberId, set: { fitness_goal: `目标 ${seq}` }, consent: null, updatedAt: '2026-11-23T09:00:00.000Z', version: 2 });
      case 'bind': { // one of two cards: bound twice while active, refused
        const a = cardBindArgs(memberId, at === 2 ? 'CA01' : `CA0${at + 1}`);
        bindings.push({ id: a.id, memberId });
        return make(seq, 'card.bind', a);
      }
      default: { // 'lost': a card bound before (or none yet: refused)
        const b = bindings.at(-1) ?? { id: randomUUID(), memberId };
        return make(seq, 'card.setStatus', { id: b.id, memberId: b.memberId, status: 'lost', endedAt: '2026-11-23T09:00:00.000Z', staffId: null });
      }
    }
  };
  const otherWrite = (seq: number, kind: Other, receipt: number): PushMutation => {
    switch (kind) {
      case 'sale':
        return sale(seq, { receiptNo: `MIX-R${receipt}` }); // a receipt number twice is refused
      case 'saleOtherBranch':
        return sale(seq, { branchId: ctx.other.branchId }); // FORBIDDEN, with an alert
      case 'salePoison':
        return sale(seq, { note: 'bad \u0000 byte' }); // refused by PostgreSQL inside its savepoint
      case 'unknown':
        return make(seq, 'member.teleport', {});
      case 'missingMember':
        return make(seq, 'member.update', { memberId: randomUUID(), set: { fitness_goal: '增肌' }, consent: null, updatedAt: '2026-11-23T09:00:00.000Z', version: 2 });
      default:
        return rosterWrite(seq, kind, receipt);
    }
  };

  /** The push on both databases: the subject takes `begun` (or begins itself), the reference goes one by one. */
  const both = async (req: PushRequest, begun?: Awaited<ReturnType<typeof beginPush>>) => {
    const alerts: [string[], string[]] = [[], []];
    const got = await applyPush(ctx.subject.db, ctx.device, req, { alert: (m) => alerts[0].push(m) }, begun);
    const want = await applyPush(ctx.reference.db, ctx.device, req, { bulk: false, alert: (m) => alerts[1].push(m) });
    expect(got).toEqual(want);
    expect(alerts[0]).toEqual(alerts[1]);
    return got;
  };

  return { ctx, make, visit, sale, otherWrite, both, registerRoster };
}

describe.each(BACKENDS)('push of check-ins mixed with other writes (%s)', (backend) => {
  const { ctx, visit, otherWrite, both, registerRoster } = mixedSuite(backend);

  it('takes a next batch of visits and other writes only on PostgreSQL, with the answers, rows and change log of one by one', async () => {
    await registerRoster();
    const clientId = randomUUID();
    let seq = 0;
    let mixed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 15 }), async (items) => {
        const mutations = items.map((it) => (it === 'visit' ? visit(++seq) : otherWrite(++seq, it.other, it.receipt)));
        const req = { clientId, mutations };
        const hasVisit = items.includes('visit');
        const begun = await beginPush(ctx.subject.db, ctx.device, req);
        // Only a batch with both (a batch of visits alone has its one-statement way), and only where connections can wait.
        expect(begun !== null).toBe(backend.name === 'postgres' && hasVisit && items.some((it) => it !== 'visit'));
        if (begun) mixed++;
        const outcome = await both(req, begun);
        expect(outcome.status).toBe(200);
      }),
      { numRuns: 50 },
    );
    if (backend.name === 'postgres') expect(mixed).toBeGreaterThan(5);
    expect(await pushSnapshot(ctx.subject.db)).toEqual(await pushSnapshot(ctx.reference.db));
  }, 120_000);
});

// What follows needs connections that can wait for a push's turn: PostgreSQL only (PGlite never begins early, above).
describe.each(BACKENDS.filter((b) => b.name === 'postgres'))('push of check-ins mixed with other writes, handed back (%s)', (backend) => {
  const { ctx, visit, sale, both } = mixedSuite(backend);

  it('hands back, keeping nothing, every batch that is not a plain next one', async () => {
    const clientId = randomUUID();
    const first = [visit(1), sale(2), visit(3)];
    await both({ clientId, mutations: first }, await beginPush(ctx.subject.db, ctx.device, { clientId, mutations: first }));
    const visitsNow = async () => Number((await ctx.subject.db.selectFrom('visit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await visitsNow();

    // A resend: its mutation ids are stored, so nothing is begun; the stored results answer.
    expect(await beginPush(ctx.subject.db, ctx.device, { clientId, mutations: first })).toBeNull();
    expect((await both({ clientId, mutations: first })).status).toBe(200);

    // A gap: begun, then found out in its turn and rolled back; OUT_OF_ORDER as always.
    const gap = [visit(5), sale(6)];
    const begunGap = await beginPush(ctx.subject.db, ctx.device, { clientId, mutations: gap });
    expect(begunGap).not.toBeNull();
    expect((await both({ clientId, mutations: gap }, begunGap)).status).toBe(409);

    // Another device's client id: nothing begun; FORBIDDEN, and nothing of it kept.
    const stolen = [visit(4, ctx.other), sale(5, {}, ctx.other)];
    expect(await beginPush(ctx.subject.db, ctx.other, { clientId, mutations: stolen })).toBeNull();
    expect((await applyPush(ctx.subject.db, ctx.other, { clientId, mutations: stolen })).status).toBe(403);

    // A refusal in the turn (a receipt number twice): begun, rolled back whole, and redone by the general path.
    const refused = [visit(4), sale(5, { receiptNo: 'MIX-TWICE' }), sale(6, { receiptNo: 'MIX-TWICE' }), visit(7)];
    const begunRefused = await beginPush(ctx.subject.db, ctx.device, { clientId, mutations: refused });
    expect(begunRefused).not.toBeNull();
    const redone = await both({ clientId, mutations: refused }, begunRefused);
    expect(redone.status === 200 && redone.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied']);

    // A visit already stored (sent before under another mutation id): not begun; applied once by the general path.
    const again = [{ ...visit(8), args: first[0]!.args, argsHash: first[0]!.argsHash }, sale(9)];
    expect(await beginPush(ctx.subject.db, ctx.device, { clientId, mutations: again })).toBeNull();
    expect((await both({ clientId, mutations: again })).status).toBe(200);
    expect(await visitsNow()).toBe(before + 2);
    expect(await pushSnapshot(ctx.subject.db)).toEqual(await pushSnapshot(ctx.reference.db));
  });

  it('begins the next batches while the one before waits for its turn; out of turn one falls back, and comes again', async () => {
    const clientId = randomUUID();
    const first = { clientId, mutations: [visit(1), sale(2)] };
    expect((await both(first, await beginPush(ctx.subject.db, ctx.device, first))).status).toBe(200);
    const a = { clientId, mutations: [visit(3), sale(4), visit(5)] };
    const b = { clientId, mutations: [visit(6), sale(7), visit(8)] };
    // Both hold their visits' stored results, whose foreign key holds the client row in key-share mode.
    const [begunA, begunB] = [await beginPush(ctx.subject.db, ctx.device, a), await beginPush(ctx.subject.db, ctx.device, b)];
    expect(begunA).not.toBeNull();
    expect(begunB).not.toBeNull();
    // b's turn first (it overtook a on the way): a gap, so b is rolled back and refused…
    const early = await applyPush(ctx.subject.db, ctx.device, b, {}, begunB);
    expect(early).toMatchObject({ status: 409, body: { code: 'OUT_OF_ORDER', expectedSeq: 3 } });
    // …a is applied, and b sent again is applied once.
    expect((await both(a, begunA)).status).toBe(200);
    await applyPush(ctx.reference.db, ctx.device, b, { bulk: false }); // the reference's copy of b's refusal
    expect((await both(b, await beginPush(ctx.subject.db, ctx.device, b))).status).toBe(200);
    expect(await pushSnapshot(ctx.subject.db)).toEqual(await pushSnapshot(ctx.reference.db));
  });

  it('lets the batch before take the one-by-one path while the next one is begun', async () => {
    const clientId = randomUUID();
    const first = { clientId, mutations: [visit(1), sale(2)] };
    expect((await both(first, await beginPush(ctx.subject.db, ctx.device, first))).status).toBe(200);
    const a = { clientId, mutations: [visit(3), sale(4)] };
    const b = { clientId, mutations: [visit(5), sale(6)] };
    const begunB = await beginPush(ctx.subject.db, ctx.device, b);
    expect(begunB).not.toBeNull();
    // The one-by-one path locks the client row FOR NO KEY UPDATE: b's key-share lock does not stop it (FOR UPDATE would wait for b, which waits for a).
    const started = Date.now();
    const got = await applyPush(ctx.subject.db, ctx.device, a, { bulk: false });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(got).toEqual(await applyPush(ctx.reference.db, ctx.device, a, { bulk: false }));
    expect((await both(b, begunB)).status).toBe(200);
    expect(await pushSnapshot(ctx.subject.db)).toEqual(await pushSnapshot(ctx.reference.db));
  });
});
