import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { HQ_MIGRATIONS, migrateHq } from './db/migrations';
import { pglitePool } from './db/pglitePool';
import type { HqDB } from './db/schema';
import { toKioskRow } from './sync/kioskRows';
import { attendanceArgs, cardBindArgs, consumptionArgs, registerArgs } from './sync/handlers/testArgs';
import { changesOf, newDesk, type TestDesk, writtenCounts } from './sync/handlers/testDesk';
import { BACKENDS } from './testing';
import { servedHq } from './testSuite';

describe.each(BACKENDS)('card, membership and fact mutations on $name', (backend) => {
  const suite = servedHq(backend);

  const desk = () => newDesk(suite.hq, suite.app);
  async function registered(d: TestDesk) {
    const args = registerArgs(d.branchId);
    expect((await d.push('member.register', args)).status).toBe('applied');
    return args;
  }
  const membership = (id: string) => suite.hq.db.selectFrom('membership').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = (id: string) => suite.hq.db.selectFrom('membership_event').select(['kind', 'from_date', 'to_date', 'amount_fen', 'ref_id']).where('membership_id', '=', id).orderBy('occurred_at').orderBy('kind').execute();

  describe('cards', () => {
    it('card.bind writes and emits the binding; a replay writes nothing more', async () => {
      const d = await desk();
      const { member } = await registered(d);
      const bind = cardBindArgs(member.id);
      expect((await d.replayed('card.bind', bind)).map((r) => r.status)).toEqual(['applied', 'applied']);
      const row = await suite.hq.db.selectFrom('card_binding').selectAll().where('id', '=', bind.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ card_uid: bind.cardUid, member_id: member.id, status: 'active', branch_id: d.branchId, version: 1 });
      const changes = await changesOf(suite.hq, 'card_binding', bind.id);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.row).toEqual(toKioskRow('card_binding', row));
    });

    it('a card active for another member → CONFLICT with the winning binding in kiosk row shape', async () => {
      const a = await desk();
      const b = await desk();
      const first = await registered(a);
      const second = await registered(b);
      const win = cardBindArgs(first.member.id);
      expect((await a.push('card.bind', win)).status).toBe('applied');
      const before = await writtenCounts(suite.hq);
      const lose = await b.push('card.bind', cardBindArgs(second.member.id, win.cardUid));
      expect(lose.status).toBe('rejected');
      expect(lose.error?.code).toBe('CONFLICT');
      expect(lose.error?.winner).toMatchObject({ id: win.id, card_uid: win.cardUid, member_id: first.member.id, status: 'active', ended_at: null, version: 1 });
      expect(typeof lose.error?.winner?.bound_at).toBe('string');
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });

    it('card.setStatus ends an existing binding once; the card is free again', async () => {
      const d = await desk();
      const { member } = await registered(d);
      const bind = cardBindArgs(member.id);
      await d.push('card.bind', bind);
      const lost = { id: bind.id, memberId: member.id, status: 'lost', endedAt: new Date().toISOString(), staffId: null };
      expect((await d.replayed('card.setStatus', lost)).map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await suite.hq.db.selectFrom('card_binding').select(['status', 'version']).where('id', '=', bind.id).executeTakeFirstOrThrow()).toEqual({ status: 'lost', version: 2 });
      expect((await changesOf(suite.hq, 'card_binding', bind.id)).map((c) => [c.version, (c.row as Record<string, unknown>).status])).toEqual([[1, 'active'], [2, 'lost']]);
      expect((await d.push('card.bind', cardBindArgs(member.id, bind.cardUid))).status).toBe('applied');
    });

    it('a binding id stored with another card, and a card for an erased member, are refused (CONFLICT) with nothing written', async () => {
      const d = await desk();
      const { member } = await registered(d);
      const bind = cardBindArgs(member.id);
      expect((await d.push('card.bind', bind)).status).toBe('applied');
      const erased = (await registered(d)).member;
      const requestId = randomUUID();
      expect((await d.push('member.requestDeletion', { id: requestId, memberId: erased.id, reason: '会员要求', requestedAt: new Date().toISOString(), requestedBy: null })).status).toBe('applied');
      expect((await d.push('member.erase', { memberId: erased.id, requestId, erasedAt: new Date().toISOString(), staffId: null })).status).toBe('applied');
      const before = await writtenCounts(suite.hq);
      const other = await d.push('card.bind', { ...bind, cardUid: cardBindArgs(member.id).cardUid });
      expect([other.error?.code, other.error?.message]).toEqual(['CONFLICT', `card binding ${bind.id} exists with other content`]);
      const toErased = await d.push('card.bind', cardBindArgs(erased.id));
      expect([toErased.error?.code, toErased.error?.message]).toEqual(['CONFLICT', 'the member was erased on request']);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });

    it('hostile card args are rejected with nothing written', async () => {
      const d = await desk();
      const { member } = await registered(d);
      const bind = cardBindArgs(member.id);
      await d.push('card.bind', bind);
      const before = await writtenCounts(suite.hq);
      const cases: [string, Record<string, unknown>, string][] = [
        ['card.bind', { ...cardBindArgs(member.id), branchId: d.branchId }, 'VALIDATION'],
        ['card.bind', { ...cardBindArgs(member.id), cardUid: 12345678 }, 'VALIDATION'],
        ['card.bind', { ...cardBindArgs(member.id), cardUid: 'F'.repeat(33) }, 'VALIDATION'],
        ['card.bind', cardBindArgs(randomUUID()), 'VALIDATION'],
        ['card.setStatus', { id: randomUUID(), memberId: member.id, status: 'lost', endedAt: new Date().toISOString(), staffId: null }, 'VALIDATION'],
        ['card.setStatus', { id: bind.id, memberId: member.id, status: 'active', endedAt: new Date().toISOString(), staffId: null }, 'VALIDATION'],
        ['card.setStatus', { id: bind.id, memberId: randomUUID(), status: 'lost', endedAt: new Date().toISOString(), staffId: null }, 'VALIDATION'],
      ];
      for (const [name, args, code] of cases) expect((await d.push(name, args)).error?.code, name).toBe(code);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });
  });

  describe('memberships', () => {
    it('freeze, unfreeze, renew, refund request and approval follow the kiosk rules; every change emitted with its version', async () => {
      const d = await desk();
      const reg = await registered(d);
      const id = reg.membership.id;
      const base = { membershipId: id, memberId: reg.member.id, staffId: null };
      const freeze = { ...base, eventId: randomUUID(), from: '2026-06-01', until: '2026-06-10', validUntil: '2027-01-10' };
      expect((await d.replayed('membership.freeze', freeze)).map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await membership(id)).toMatchObject({ status: 'frozen', frozen_from: '2026-06-01', frozen_until: '2026-06-10', valid_until: '2027-01-10', version: 2 });
      const unfreeze = { ...base, eventId: randomUUID(), returnedFrom: '2026-06-01', returnedUntil: '2026-06-10', validUntil: '2026-12-31' };
      expect((await d.push('membership.unfreeze', unfreeze)).status).toBe('applied');
      expect(await membership(id)).toMatchObject({ status: 'active', frozen_from: null, valid_until: '2026-12-31', version: 3 });
      const renew = { ...base, eventId: randomUUID(), consumptionId: randomUUID(), planCode: 'month', from: '2027-01-01', to: '2027-01-31', amountFen: 39_900 };
      expect((await d.push('membership.renew', renew)).status).toBe('applied');
      expect(await membership(id)).toMatchObject({ status: 'active', valid_until: '2027-01-31', plan_code: 'month', plan_name: '月卡', version: 4 });
      expect(await suite.hq.db.selectFrom('consumption').select(['source', 'amount_fen', 'branch_id']).where('id', '=', renew.consumptionId).executeTakeFirstOrThrow())
        .toEqual({ source: 'renewal', amount_fen: 39_900, branch_id: d.branchId });
      const refundId = randomUUID();
      expect((await d.push('membership.requestRefund', { ...base, refundId, amountFen: 10_000 })).status).toBe('applied');
      const decision = { ...base, refundId, decisionId: randomUUID(), approved: true, amountFen: 10_000, cancelledEventId: randomUUID() };
      expect((await d.push('membership.decideRefund', decision)).status).toBe('applied');
      expect(await membership(id)).toMatchObject({ status: 'cancelled', version: 5 });
      expect((await d.push('membership.decideRefund', { ...decision, decisionId: randomUUID(), cancelledEventId: null })).error?.code).toBe('CONFLICT');
      expect((await eventsOf(id)).map((e) => e.kind).sort()).toEqual(['cancelled', 'created', 'frozen', 'refund_approved', 'refund_requested', 'renewed', 'unfrozen']);
      const versions = (await changesOf(suite.hq, 'membership', id)).map((c) => c.version);
      expect(versions).toEqual([1, 2, 3, 4, 5]);
      expect((await changesOf(suite.hq, 'membership', id)).at(-1)!.row).toMatchObject({ status: 'cancelled', valid_until: '2027-01-31', version: 5 });
      // Cancelled: a freeze is refused, nothing written.
      const before = await writtenCounts(suite.hq);
      expect((await d.push('membership.freeze', { ...freeze, eventId: randomUUID() })).error?.code).toBe('CONFLICT');
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });

    it("a renewal whose payment id another branch's sale holds is refused whole (FORBIDDEN)", async () => {
      const a = await desk();
      const b = await desk();
      const reg = await registered(a);
      const theirs = await registered(b);
      const base = { membershipId: reg.membership.id, memberId: reg.member.id, staffId: null };
      const renew = { ...base, eventId: randomUUID(), consumptionId: theirs.consumption.id, planCode: 'month', from: '2027-01-01', to: '2027-01-31', amountFen: 39_900 };
      const before = await writtenCounts(suite.hq);
      expect((await a.push('membership.renew', renew)).error?.code).toBe('FORBIDDEN');
      expect(await writtenCounts(suite.hq)).toEqual(before);
      expect(await membership(reg.membership.id)).toMatchObject({ version: 1 });
    });

    it('a second freeze window booked meanwhile at another branch is refused, not stacked', async () => {
      const a = await desk();
      const b = await desk();
      const reg = await registered(a);
      const base = { membershipId: reg.membership.id, memberId: reg.member.id, staffId: null };
      expect((await a.push('membership.freeze', { ...base, eventId: randomUUID(), from: '2026-06-01', until: '2026-06-10', validUntil: '2027-01-10' })).status).toBe('applied');
      const before = await writtenCounts(suite.hq);
      expect((await b.push('membership.freeze', { ...base, eventId: randomUUID(), from: '2026-06-05', until: '2026-06-20', validUntil: '2027-01-16' })).error?.code).toBe('CONFLICT');
      expect(await writtenCounts(suite.hq)).toEqual(before);
      expect(await membership(reg.membership.id)).toMatchObject({ frozen_from: '2026-06-01', frozen_until: '2026-06-10', valid_until: '2027-01-10' });
    });

    it('cancel and a rejected refund; hostile args rejected with nothing written', async () => {
      const d = await desk();
      const reg = await registered(d);
      const other = await registered(d);
      const base = { membershipId: reg.membership.id, memberId: reg.member.id, staffId: null };
      const refundId = randomUUID();
      await d.push('membership.requestRefund', { ...base, refundId, amountFen: 5_000 });
      const before = await writtenCounts(suite.hq);
      const cases: [string, Record<string, unknown>, string][] = [
        ['membership.freeze', { ...base, eventId: randomUUID(), from: '2026-06-01', until: '2026-06-10', validUntil: '2027-01-10', reason: '手术' }, 'VALIDATION'],
        ['membership.freeze', { ...base, eventId: randomUUID(), from: '06/01/2026', until: '2026-06-10', validUntil: '2027-01-10' }, 'VALIDATION'],
        ['membership.cancel', { ...base, memberId: other.member.id, eventId: randomUUID() }, 'VALIDATION'],
        ['membership.cancel', { ...base, membershipId: randomUUID(), eventId: randomUUID() }, 'VALIDATION'],
        ['membership.renew', { ...base, eventId: randomUUID(), consumptionId: randomUUID(), planCode: 'forever', from: '2027-01-01', to: '2099-01-01', amountFen: 1 }, 'VALIDATION'],
        ['membership.renew', { ...base, eventId: randomUUID(), consumptionId: randomUUID(), planCode: 'month', from: '2027-01-01', to: '2027-01-31', amountFen: -5 }, 'VALIDATION'],
        ['membership.decideRefund', { ...base, refundId: randomUUID(), decisionId: randomUUID(), approved: false, amountFen: null, cancelledEventId: null }, 'VALIDATION'],
        ['membership.requestRefund', { ...base, refundId: randomUUID(), amountFen: 'lots' }, 'VALIDATION'],
      ];
      for (const [name, args, code] of cases) expect((await d.push(name, args)).error?.code, name).toBe(code);
      expect(await writtenCounts(suite.hq)).toEqual(before);
      expect((await d.push('membership.decideRefund', { ...base, refundId, decisionId: randomUUID(), approved: false, amountFen: null, cancelledEventId: null })).status).toBe('applied');
      expect((await membership(reg.membership.id)).status).toBe('active');
      expect((await d.push('membership.cancel', { ...base, eventId: randomUUID() })).status).toBe('applied');
      expect(await membership(reg.membership.id)).toMatchObject({ status: 'cancelled', version: 2 });
    });
  });

  describe('facts', () => {
    it('consumption.record and class_attendance.record append once, at the device’s branch', async () => {
      const d = await desk();
      const { member } = await registered(d);
      const sale = consumptionArgs(member.id, d.branchId);
      const attended = attendanceArgs(member.id, d.branchId);
      expect((await d.replayed('consumption.record', sale)).map((r) => r.status)).toEqual(['applied', 'applied']);
      expect((await d.replayed('class_attendance.record', attended)).map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await suite.hq.db.selectFrom('consumption').select(['amount_fen', 'branch_id', 'received_from_device_id']).where('id', '=', sale.id).execute())
        .toEqual([{ amount_fen: 1_500, branch_id: d.branchId, received_from_device_id: d.device.deviceId }]);
      expect(await suite.hq.db.selectFrom('class_attendance').select(['used_free_quota', 'branch_id']).where('id', '=', attended.id).execute()).toEqual([{ used_free_quota: true, branch_id: d.branchId }]);
      // A fact for a member head office does not know yet (another PC's push still on its way) is kept.
      expect((await d.push('consumption.record', consumptionArgs(randomUUID(), d.branchId))).status).toBe('applied');
    });

    it('hostile fact args (another branch, unknown fields, wrong types, oversized) are rejected with nothing written', async () => {
      const d = await desk();
      const other = await desk();
      const memberId = randomUUID();
      const before = await writtenCounts(suite.hq);
      const cases: [string, Record<string, unknown>, string][] = [
        ['consumption.record', consumptionArgs(memberId, other.branchId), 'FORBIDDEN'],
        ['consumption.record', consumptionArgs(memberId, d.branchId, { branch: 'x' }), 'VALIDATION'],
        ['consumption.record', consumptionArgs(memberId, d.branchId, { amountFen: '15' }), 'VALIDATION'],
        ['consumption.record', consumptionArgs(memberId, d.branchId, { amountFen: 0 }), 'VALIDATION'],
        ['consumption.record', consumptionArgs(memberId, d.branchId, { note: 'x'.repeat(501) }), 'VALIDATION'],
        ['class_attendance.record', attendanceArgs(memberId, other.branchId), 'FORBIDDEN'],
        ['class_attendance.record', { ...attendanceArgs(memberId, d.branchId), used_free_quota: true }, 'VALIDATION'],
        ['class_attendance.record', { ...attendanceArgs(memberId, d.branchId), session_id: 'x'.repeat(65) }, 'VALIDATION'],
      ];
      for (const [name, args, code] of cases) expect((await d.push(name, args)).error?.code, name).toBe(code);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });

    it('the same receipt number twice at one branch is counted once', async () => {
      const d = await desk();
      const receiptNo = `R-${randomUUID().slice(0, 8)}`;
      expect((await d.push('consumption.record', consumptionArgs(randomUUID(), d.branchId, { receiptNo, source: 'import', importId: randomUUID() }))).status).toBe('applied');
      const again = await d.push('consumption.record', consumptionArgs(randomUUID(), d.branchId, { receiptNo, source: 'import', importId: randomUUID() }));
      expect(again.error?.code).toBe('CONFLICT');
      expect(await suite.hq.db.selectFrom('consumption').select('id').where('receipt_no', '=', receiptNo).execute()).toHaveLength(1);
    });
  });

  describe('branches', () => {
    it('a new branch is written to the global change log in the kiosk shape', async () => {
      const d = await desk();
      const [change] = await changesOf(suite.hq, 'branch', d.branchId);
      expect(change).toMatchObject({ scope: 'global', op: 'upsert', version: 1 });
      expect(Object.keys(change!.row as object).sort()).toEqual(['code', 'id', 'name', 'time_zone', 'version']);
    });
  });
});

describe('migration 2 on a database with branches', () => {
  it('writes the existing branches to the global change log once, in one transaction’s seq range', async () => {
    const lite = await PGlite.create();
    const db = new Kysely<HqDB>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
    try {
      await sql`CREATE TABLE hq_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
      for (const statement of HQ_MIGRATIONS[0]!.statements) await sql.raw(statement).execute(db);
      await db.insertInto('hq_migration').values({ version: 1, name: HQ_MIGRATIONS[0]!.name }).execute();
      await sql`INSERT INTO branch (id, code, name, time_zone) VALUES ('b1', 'SH01', '静安店', 'Asia/Shanghai'), ('b2', 'SH02', '徐汇店', 'Asia/Shanghai')`.execute(db);
      expect(await migrateHq(db)).toBe(HQ_MIGRATIONS.length - 1);
      const log = await db.selectFrom('change_log').select(['seq', 'tx_last_seq', 'pk', 'row', 'version']).where('scope', '=', 'global').orderBy('seq').execute();
      expect(log.map((c) => [c.seq, c.tx_last_seq, c.pk, c.version])).toEqual([[1, 2, 'b1', 1], [2, 2, 'b2', 1]]);
      expect(log[0]!.row).toEqual({ id: 'b1', code: 'SH01', name: '静安店', time_zone: 'Asia/Shanghai', version: 1 });
      expect(Number((await db.selectFrom('sync_scope').select('last_seq').where('scope', '=', 'global').executeTakeFirstOrThrow()).last_seq)).toBe(2);
    } finally {
      await db.destroy();
    }
  });
});
