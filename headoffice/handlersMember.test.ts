import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../core/sync/hlc';
import { ERASED_NAME } from './sync/handlers/memberRows';
import { registerArgs } from './sync/handlers/testArgs';
import { changesOf, newDesk, type TestDesk, writtenCounts } from './sync/handlers/testDesk';
import { BACKENDS } from './testing';
import { servedHq } from './testSuite';

describe.each(BACKENDS)('member mutations on $name', (backend) => {
  const suite = servedHq(backend);

  const desk = () => newDesk(suite.hq, suite.app);
  const member = (id: string) => suite.hq.db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  async function registered(d: TestDesk) {
    const args = registerArgs(d.branchId);
    expect((await d.push('member.register', args)).status).toBe('applied');
    return args;
  }

  describe('member.register', () => {
    it('creates member, consent, membership, its event and the payment; emits member and membership rows without sealed values', async () => {
      const d = await desk();
      const args = await registered(d);
      const m = await member(args.member.id);
      expect(m).toMatchObject({ home_branch_id: d.branchId, name: '王小明', medical_alert: true, id_card_sealed: 'v1.sealed-id', preferred_courses: ['yoga'], version: 1 });
      const ms = await suite.hq.db.selectFrom('membership').selectAll().where('id', '=', args.membership.id).executeTakeFirstOrThrow();
      expect(ms).toMatchObject({ member_id: args.member.id, status: 'active', valid_until: '2026-12-31', branch_id: d.branchId, version: 1 });
      expect(await suite.hq.db.selectFrom('membership_event').select('kind').where('membership_id', '=', ms.id).execute()).toEqual([{ kind: 'created' }]);
      expect(await suite.hq.db.selectFrom('member_consent').select(['granted', 'branch_id']).where('member_id', '=', m.id).execute()).toEqual([{ granted: true, branch_id: d.branchId }]);
      expect(await suite.hq.db.selectFrom('consumption').select(['amount_fen', 'branch_id']).where('member_id', '=', m.id).execute()).toEqual([{ amount_fen: 288_000, branch_id: d.branchId }]);

      const [memberChange] = await changesOf(suite.hq, 'member', m.id);
      expect(memberChange).toMatchObject({ scope: 'global', op: 'upsert', version: 1 });
      const row = memberChange!.row as Record<string, unknown>;
      expect(row).toMatchObject({ id: m.id, medical_alert: 1, preferred_courses: '["yoga"]', home_branch_id: d.branchId, erased_at: null, version: 1 });
      expect(typeof row.created_at).toBe('string');
      for (const secret of ['id_card_sealed', 'health_notes_sealed', 'emergency_contact_sealed', 'id_card_index', 'field_clock']) expect(row).not.toHaveProperty(secret);
      const [membershipChange] = await changesOf(suite.hq, 'membership', ms.id);
      expect(membershipChange).toMatchObject({ scope: 'global', version: 1 });
      expect(membershipChange!.row).toMatchObject({ starts_on: '2026-01-01', valid_until: '2026-12-31', status: 'active' });
    });

    it('replayed under another client id: one member, one of everything, one change each', async () => {
      const d = await desk();
      const args = registerArgs(d.branchId);
      const results = await d.replayed('member.register', args);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await suite.hq.db.selectFrom('membership_event').select('id').where('member_id', '=', args.member.id).execute()).toHaveLength(1);
      expect(await suite.hq.db.selectFrom('consumption').select('id').where('member_id', '=', args.member.id).execute()).toHaveLength(1);
      expect(await changesOf(suite.hq, 'member', args.member.id)).toHaveLength(1);
    });

    it('a probable duplicate (same phone) is accepted and flagged for a merge', async () => {
      const d = await desk();
      const first = await registered(d);
      const twin = registerArgs(d.branchId, { member: { phone: first.member.phone, phone_tail: first.member.phone_tail } });
      expect((await d.push('member.register', twin)).status).toBe('applied');
      expect(await suite.hq.db.selectFrom('member_duplicate').select(['member_id', 'duplicate_of']).where('member_id', '=', twin.member.id).execute())
        .toEqual([{ member_id: twin.member.id, duplicate_of: first.member.id }]);
    });

    it('a sale whose receipt number this branch already recorded refuses the registration whole (CONFLICT)', async () => {
      const d = await desk();
      const receipt = `R-${randomUUID()}`;
      const first = registerArgs(d.branchId);
      expect((await d.push('member.register', { ...first, consumption: { ...first.consumption, receipt_no: receipt } })).status).toBe('applied');
      const again = registerArgs(d.branchId);
      const before = await writtenCounts(suite.hq);
      const res = await d.push('member.register', { ...again, consumption: { ...again.consumption, receipt_no: receipt } });
      expect(res.error?.code).toBe('CONFLICT');
      expect(res.error?.message).toContain(receipt);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });

    it('a member without a phone is never flagged as a look-alike of another without one', async () => {
      const d = await desk();
      const a = registerArgs(d.branchId, { member: { phone: null, phone_tail: null } });
      const b = registerArgs(d.branchId, { member: { phone: null, phone_tail: null } });
      expect((await d.push('member.register', a)).status).toBe('applied');
      expect((await d.push('member.register', b)).status).toBe('applied');
      expect(await suite.hq.db.selectFrom('member_duplicate').select('member_id').where('member_id', 'in', [a.member.id, b.member.id]).execute()).toEqual([]);
    });

    it('a member number taken by another branch gets the next free number chain-wide', async () => {
      const a = await desk();
      const b = await desk();
      const first = await registered(a);
      const same = registerArgs(b.branchId, { member: { member_no: first.member.member_no } });
      expect((await b.push('member.register', same)).status).toBe('applied');
      const renumbered = await member(same.member.id);
      expect(renumbered.member_no).not.toBe(first.member.member_no);
      expect(renumbered.member_no).toMatch(/^M[0-9]{6,}$/);
      expect((await changesOf(suite.hq, 'member', same.member.id))[0]!.row).toMatchObject({ member_no: renumbered.member_no });
    });

    it('hostile args are rejected with nothing written', async () => {
      const d = await desk();
      const other = await desk();
      const good = registerArgs(d.branchId);
      const cases: [Record<string, unknown>, string][] = [
        [{ ...good, extra: 1 }, 'VALIDATION'],
        [{ ...good, member: { ...good.member, is_admin: true } }, 'VALIDATION'],
        [{ ...good, member: { ...good.member, medical_alert: 'yes' } }, 'VALIDATION'],
        [{ ...good, member: { ...good.member, name: 'x'.repeat(101) } }, 'VALIDATION'],
        [{ ...good, member: { ...good.member, photo: 'x'.repeat(400_001) } }, 'VALIDATION'],
        [{ ...good, membership: { ...good.membership, member_id: randomUUID() } }, 'VALIDATION'],
        [{ ...good, member: { ...good.member, home_branch_id: other.branchId } }, 'FORBIDDEN'],
        [{ ...good, consumption: { ...good.consumption, branch_id: other.branchId } }, 'FORBIDDEN'],
      ];
      const before = await writtenCounts(suite.hq);
      for (const [args, code] of cases) expect((await d.push('member.register', args)).error?.code).toBe(code);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });
  });

  describe('member.update', () => {
    it('applies whitelisted fields, appends consent, bumps the version and emits the row', async () => {
      const d = await desk();
      const args = await registered(d);
      const consent = { id: randomUUID(), member_id: args.member.id, kind: 'sensitive', granted: 0, text_version: '2024-01', recorded_at: new Date().toISOString(), staff_id: null };
      const res = await d.push('member.update', { memberId: args.member.id, set: { name: '王大明', health_notes_sealed: null, medical_alert: 0 }, consent, updatedAt: new Date().toISOString(), version: 1 });
      expect(res.status).toBe('applied');
      const m = await member(args.member.id);
      expect(m).toMatchObject({ name: '王大明', health_notes_sealed: null, medical_alert: false, version: 2 });
      expect(await suite.hq.db.selectFrom('member_consent').select('granted').where('member_id', '=', m.id).orderBy('recorded_at').execute()).toHaveLength(2);
      const changes = await changesOf(suite.hq, 'member', m.id);
      expect(changes.map((c) => [c.version, (c.row as Record<string, unknown>).name])).toEqual([[1, '王小明'], [2, '王大明']]);
    });

    it('per-field last writer wins by HLC; the losing value is kept in member_conflict', async () => {
      const a = await desk();
      const b = await desk();
      const args = await registered(a);
      const id = args.member.id;
      const t = Date.now();
      const at = (ms: number, node: string) => formatHlc({ ms, counter: 0 }, node);
      const update = (set: Record<string, unknown>, version: number) => ({ memberId: id, set, consent: null, updatedAt: new Date().toISOString(), version });
      // Branch B's edit (later HLC) arrives first; A's concurrent, older edit of the name loses,
      // its fitness goal (a field B did not touch) still applies.
      expect((await b.push('member.update', update({ name: '乙', phone: '13900000002', phone_tail: '0002' }, 2), { hlc: at(t + 2000, 'B') })).status).toBe('applied');
      expect((await a.push('member.update', update({ name: '甲', fitness_goal: '增肌' }, 2), { hlc: at(t + 1000, 'A') })).status).toBe('applied');
      const m = await member(id);
      expect(m).toMatchObject({ name: '乙', phone: '13900000002', fitness_goal: '增肌', version: 3 });
      const conflicts = await suite.hq.db.selectFrom('member_conflict').selectAll().where('member_id', '=', id).execute();
      expect(conflicts.map((c) => [c.field, c.losing_value, c.branch_id])).toEqual([['name', '甲', a.branchId]]);
      // A later edit from A, made without having seen B's (base version 2 < 3), wins and keeps B's value as the loser.
      expect((await a.push('member.update', update({ name: '丙' }, 2), { hlc: at(t + 3000, 'A') })).status).toBe('applied');
      expect((await member(id)).name).toBe('丙');
      const all = await suite.hq.db.selectFrom('member_conflict').select(['field', 'losing_value']).where('member_id', '=', id).orderBy('id').execute();
      expect(all).toEqual([{ field: 'name', losing_value: '甲' }, { field: 'name', losing_value: '乙' }]);
    });

    it('hostile args (fields off the whitelist, wrong types, oversized, unknown member) are rejected with nothing written', async () => {
      const d = await desk();
      const args = await registered(d);
      const base = { memberId: args.member.id, consent: null, updatedAt: new Date().toISOString(), version: 2 };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, set: { home_branch_id: randomUUID() } }, 'VALIDATION'],
        [{ ...base, set: { member_no: 'M1' } }, 'VALIDATION'],
        [{ ...base, set: { id_card_index: 'abc' } }, 'VALIDATION'],
        [{ ...base, set: { erased_at: null } }, 'VALIDATION'],
        [{ ...base, set: { name: 42 } }, 'VALIDATION'],
        [{ ...base, set: { fitness_goal: 'x'.repeat(201) } }, 'VALIDATION'],
        [{ ...base, set: {}, extra: true }, 'VALIDATION'],
        [{ ...base, memberId: randomUUID(), set: { name: '某' } }, 'VALIDATION'],
      ];
      const before = await writtenCounts(suite.hq);
      for (const [a, code] of cases) expect((await d.push('member.update', a)).error?.code).toBe(code);
      expect(await writtenCounts(suite.hq)).toEqual(before);
    });
  });

  describe('deletion and erasure', () => {
    it('erase clears personal and sealed fields, emits the erased row; a later update does not resurrect it', async () => {
      const d = await desk();
      const args = await registered(d);
      const id = args.member.id;
      const requestId = randomUUID();
      await d.push('consumption.record', { id: randomUUID(), memberId: id, branchId: d.branchId, occurredAt: new Date().toISOString(), category: 'product', amountFen: 100, receiptNo: null, note: '私人备注', source: 'desk', importId: null, staffId: null });
      expect((await d.push('member.requestDeletion', { id: requestId, memberId: id, reason: '会员要求', requestedAt: new Date().toISOString(), requestedBy: null })).status).toBe('applied');
      const erasedAt = new Date().toISOString();
      expect((await d.push('member.erase', { memberId: id, requestId, erasedAt, staffId: null })).status).toBe('applied');
      const m = await member(id);
      expect(m).toMatchObject({ name: ERASED_NAME, phone: '', phone_tail: '', birthday: null, photo: null, id_card_sealed: null, health_notes_sealed: null, fitness_goal: null, preferred_courses: [], medical_alert: false, version: 2 });
      expect(m.erased_at?.toISOString()).toBe(erasedAt);
      expect((await suite.hq.db.selectFrom('deletion_request').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('approved');
      expect(await suite.hq.db.selectFrom('consumption').select('note').where('member_id', '=', id).where('note', 'is not', null).execute()).toEqual([]);
      const last = (await changesOf(suite.hq, 'member', id)).at(-1)!;
      expect(last.version).toBe(2);
      expect(last.row).toMatchObject({ name: ERASED_NAME, phone: '', erased_at: erasedAt, version: 2 });

      // An edit made at another PC before it learnt of the erasure, carrying the old name.
      const late = await d.push('member.update', { memberId: id, set: { name: '王小明', phone: args.member.phone }, consent: null, updatedAt: new Date().toISOString(), version: 2 });
      expect(late.status).toBe('applied');
      expect(await member(id)).toMatchObject({ name: ERASED_NAME, phone: '', version: 2 });
      expect(await changesOf(suite.hq, 'member', id)).toHaveLength(2);
      // Replayed erase: nothing more.
      expect((await d.push('member.erase', { memberId: id, requestId, erasedAt, staffId: null })).status).toBe('applied');
      expect(await changesOf(suite.hq, 'member', id)).toHaveLength(2);
    });

    it('a rejected request is stored as decided; another branch cannot decide or erase on it', async () => {
      const d = await desk();
      const other = await desk();
      const args = await registered(d);
      const id = randomUUID();
      const req = { id, memberId: args.member.id, reason: '搬家', requestedAt: new Date().toISOString(), requestedBy: null };
      expect((await d.replayed('member.requestDeletion', req)).map((r) => r.status)).toEqual(['applied', 'applied']);
      const before = await writtenCounts(suite.hq);
      expect((await other.push('member.rejectDeletion', { id, memberId: args.member.id, decidedAt: new Date().toISOString(), decidedBy: null, note: null })).error?.code).toBe('FORBIDDEN');
      expect((await other.push('member.erase', { memberId: args.member.id, requestId: id, erasedAt: new Date().toISOString(), staffId: null })).error?.code).toBe('FORBIDDEN');
      expect((await d.push('member.requestDeletion', { ...req, reason: 'x'.repeat(501) })).error?.code).toBe('VALIDATION');
      expect(await writtenCounts(suite.hq)).toEqual(before);
      expect((await d.push('member.rejectDeletion', { id, memberId: args.member.id, decidedAt: new Date().toISOString(), decidedBy: null, note: '未核实' })).status).toBe('applied');
      const row = await suite.hq.db.selectFrom('deletion_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'rejected', note: '未核实', branch_id: d.branchId });
      expect((await member(args.member.id)).erased_at).toBeNull();
    });
  });
});
