import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verifyAuditLog';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { ERASED_NAME, scrubPersonal } from './erasure';
import { auditRows, call, failure, outboxRows, photo, registration, validIdCard } from './memberTestKit';

let k: TempKiosk;
let memberId: string;
let memberNo: string;
const ID = validIdCard(61);
const REASON = '会员本人书面申请注销';

beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
  const r = await call(
    k,
    'members.register',
    registration({
      profile: { name: '林晓雪', idCard: ID, healthNotes: '哮喘', emergencyContact: { name: '李建国', phone: '16698760000' }, fitnessGoal: '增肌' },
      consent: { sensitive: true, textVersion: 'sensitive-2026-11' },
      photoDataUrl: photo(),
      card: { card: 'C0DE0C01', format: 'hex' },
    }),
  );
  memberId = r.memberId;
  memberNo = r.memberNo;
});
afterEach(async () => {
  await k.dispose();
});

const sqlite = () => k.ctx.kdb.sqlite;

describe('deletion requests', () => {
  it('takes one pending request per member, listed masked for the manager', async () => {
    const request = await call(k, 'members.requestDeletion', { memberId, reason: REASON });
    expect(request).toMatchObject({ memberId, memberNo, memberNameMasked: '林**', reason: REASON, requestedBy: '王芳', status: 'pending', decidedAt: null });
    expect(auditRows(k, 'member.requestDeletion')).toEqual([expect.objectContaining({ entity: 'deletion_request', entity_id: request.id })]);
    expect(await failure(k, 'members.requestDeletion', { memberId, reason: '再次申请' })).toMatchObject({ code: 'CONFLICT' });
    await k.signInAs('manager');
    const pending = await call(k, 'members.deletionRequests', {});
    expect(pending).toEqual([request]);
    expect(JSON.stringify(pending)).not.toContain('林晓雪');
  });

  it('refuses a reason carrying a phone or ID number, and unknown members', async () => {
    const before = tableCounts(k);
    expect(await failure(k, 'members.requestDeletion', { memberId, reason: '本人电话 16612340000 来电申请' })).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'reason' }],
    });
    expect(await failure(k, 'members.requestDeletion', { memberId: '0190a5d2-3c4b-7def-8a12-3456789abcde', reason: REASON })).toMatchObject({ code: 'NOT_FOUND' });
    expect(tableCounts(k)).toEqual(before);
  });

  it('rejects a request without touching the member; a new request may follow', async () => {
    const request = await call(k, 'members.requestDeletion', { memberId, reason: REASON });
    await k.signInAs('manager');
    const rejected = await call(k, 'members.decideDeletion', { requestId: request.id, approve: false, note: '会员撤回申请' });
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: '张伟', note: '会员撤回申请' });
    expect(await failure(k, 'members.decideDeletion', { requestId: request.id, approve: true })).toMatchObject({ code: 'CONFLICT' });
    expect(sqlite().prepare('SELECT name, erased_at FROM member WHERE id = ?').get(memberId)).toEqual({ name: '林晓雪', erased_at: null });
    expect(await call(k, 'members.deletionRequests', {})).toEqual([]);
    expect((await call(k, 'members.requestDeletion', { memberId, reason: REASON })).status).toBe('pending');
  });
});

describe('approving a deletion', () => {
  it('erases the personal fields, unbinds the card, keeps the anonymised history', async () => {
    await k.api['checkin.card']({ card: 'C0DE0C01', format: 'hex' });
    // A payment with a desk note and its sync mutation, as the consumption service writes them.
    sqlite().transaction(() => {
      sqlite()
        .prepare("INSERT INTO consumption (id, member_id, branch_id, occurred_at, category, amount_fen, note, source, created_at) VALUES (?, ?, ?, ?, 'product', 5000, ?, 'desk', ?)")
        .run(k.ctx.newId(), memberId, k.ctx.desk.branchId, k.clock.now().toISOString(), '林晓雪要的蛋白粉', k.clock.now().toISOString());
      k.ctx.outbox.write('consumption.record', 1, { memberId, amountFen: 5000, note: '林晓雪要的蛋白粉' });
    })();
    const request = await call(k, 'members.requestDeletion', { memberId, reason: REASON });
    const managerId = await k.signInAs('manager');
    const before = tableCounts(k);

    const approved = await call(k, 'members.decideDeletion', { requestId: request.id, approve: true });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: '张伟', memberNameMasked: '已****' });

    expect(sqlite().prepare('SELECT * FROM member WHERE id = ?').get(memberId)).toMatchObject({
      member_no: memberNo,
      name: ERASED_NAME,
      phone: '',
      phone_tail: '',
      birthday: null,
      photo: null,
      id_card_sealed: null,
      id_card_index: null,
      health_notes_sealed: null,
      emergency_contact_sealed: null,
      fitness_goal: null,
      preferred_courses: '[]',
      medical_alert: 0,
      erased_at: k.clock.now().toISOString(),
    });
    expect(sqlite().prepare('SELECT status FROM card_binding WHERE member_id = ?').all(memberId)).toEqual([{ status: 'unbound' }]);
    expect(sqlite().prepare('SELECT note FROM consumption WHERE member_id = ?').all(memberId)).toEqual([{ note: null }, { note: null }]);
    const after = tableCounts(k);
    for (const table of ['visit', 'membership', 'membership_event', 'consumption', 'card_binding', 'member']) expect(after[table], table).toBe(before[table]);

    // Queued mutations keep their ids and amounts but lose the personal values; hashes follow.
    for (const row of outboxRows(k).filter((r) => r.args.includes(memberId))) {
      expect(row.args).not.toMatch(/林晓雪|16612340000|16698760000|v1\.|iVBOR|增肌/);
      expect(row.args_hash).toBe(createHash('sha256').update(row.args).digest('hex'));
    }
    const registered = JSON.parse(outboxRows(k, 'member.register')[0]!.args) as { member: Record<string, unknown> };
    expect(registered.member).toMatchObject({ id: memberId, member_no: memberNo, name: null, phone: null, id_card_sealed: null, photo: null });
    expect(JSON.parse(outboxRows(k, 'member.erase')[0]!.args)).toEqual({ memberId, requestId: request.id, erasedAt: k.clock.now().toISOString(), staffId: managerId });
    expect(auditRows(k, 'member.erase')).toEqual([expect.objectContaining({ actor_id: managerId, entity: 'member', entity_id: memberId })]);
    expect(verifyAuditLog(sqlite())).toMatchObject({ ok: true });
  });

  it('leaves a member no search, duplicate check, reveal or card can reach; the page still opens', async () => {
    const request = await call(k, 'members.requestDeletion', { memberId, reason: REASON });
    await k.signInAs('manager');
    await call(k, 'members.decideDeletion', { requestId: request.id, approve: true });

    for (const query of ['林晓雪', '0000', memberNo]) expect((await call(k, 'members.search', { query })).map((m) => m.id)).not.toContain(memberId);
    expect(await call(k, 'members.findDuplicates', { phone: '16612340000', idCard: ID })).toEqual([]);
    expect(await failure(k, 'members.reveal', { memberId, field: 'phone' })).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(k, 'cards.bind', { memberId, card: { card: 'C0DE0C02', format: 'hex' } })).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(k, 'members.requestDeletion', { memberId, reason: REASON })).toMatchObject({ code: 'CONFLICT' });
    expect((await k.api['checkin.card']({ card: 'C0DE0C01', format: 'hex' })).admitted).toBe(false);

    const page = await call(k, 'members.page', { memberId });
    expect(page.profile).toMatchObject({
      name: ERASED_NAME,
      phoneMasked: '',
      idCardMasked: null,
      hasHealthNotes: false,
      emergencyContactMasked: null,
      photoDataUrl: null,
      medicalAlert: false,
      erasedAt: expect.any(String),
    });
    expect(page.memberships).toHaveLength(1);
    expect(page.deletion).toMatchObject({ id: request.id, status: 'approved' });
    // The same number can register afresh: the erased member is no duplicate of anyone.
    const again = await call(k, 'members.register', registration({ profile: { idCard: ID }, consent: { sensitive: true, textVersion: 'sensitive-2026-11' } }));
    expect(again.memberId).not.toBe(memberId);
  });
});

describe('scrubPersonal', () => {
  it('nulls personal keys at any depth and keeps references', () => {
    expect(scrubPersonal({ id: 'a', member: { name: 'x', phone: '1', memberNo: 'M1' }, rows: [{ note: 'n', amountFen: 5 }] })).toEqual({
      id: 'a',
      member: { name: null, phone: null, memberNo: 'M1' },
      rows: [{ note: null, amountFen: 5 }],
    });
  });
});
