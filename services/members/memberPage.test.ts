import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verifyAuditLog';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { auditRows, call, failure, photo, registration, validIdCard } from './memberTestKit';

let k: TempKiosk;
let memberId: string;
let membershipId: string;
const ID = validIdCard(51);
const NOTES = '心脏支架，避免高强度间歇';
const UUID = '0190a5d2-3c4b-7def-8a12-3456789abcde';

beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
  const r = await call(
    k,
    'members.register',
    registration({
      profile: { idCard: ID, healthNotes: NOTES, emergencyContact: { name: '李建国', phone: '16698760000' } },
      consent: { sensitive: true, textVersion: 'sensitive-2026-11' },
      photoDataUrl: photo(),
      card: { card: 'C0DE0B01', format: 'hex' },
    }),
  );
  memberId = r.memberId;
  membershipId = r.membershipId;
});
afterEach(async () => {
  await k.dispose();
});

describe('members.page', () => {
  it('shows the profile masked, with memberships, history, cards, visits and payments', async () => {
    await k.api['checkin.card']({ card: 'C0DE0B01', format: 'hex' });
    const page = await call(k, 'members.page', { memberId });
    expect(page.profile).toMatchObject({
      id: memberId,
      memberNo: 'M000201',
      name: '林晓',
      phoneMasked: '166****0000',
      idCardMasked: `110***********${ID.slice(-4)}`,
      hasHealthNotes: true,
      emergencyContactMasked: '李** 166****0000',
      preferredCourses: ['yoga'],
      photoDataUrl: photo(),
      medicalAlert: true,
      homeBranchName: k.ctx.desk.branchName,
      sensitiveConsent: { granted: true, textVersion: 'sensitive-2026-11', recordedAt: k.clock.now().toISOString() },
      erasedAt: null,
    });
    // Nothing in full: not the ID, not the notes, not the emergency contact.
    const text = JSON.stringify(page);
    for (const secret of [ID, NOTES, '李建国', '16698760000', '16612340000']) expect(text).not.toContain(secret);
    expect(page.memberships).toEqual([
      expect.objectContaining({ id: membershipId, planCode: 'year', planName: '年卡', effectiveStatus: 'active', pendingRefundId: null }),
    ]);
    expect(page.history).toEqual([expect.objectContaining({ membershipId, kind: 'created', staffName: '王芳', amountFen: 299_900, toDate: '2027-11-22' })]);
    expect(page.cards).toEqual([expect.objectContaining({ cardUid: 'C0DE0B01', status: 'active' })]);
    expect(page.visits).toEqual([expect.objectContaining({ admitted: true, branchName: k.ctx.desk.branchName, source: 'card' })]);
    expect(page.consumption).toEqual([expect.objectContaining({ category: 'membership', amountFen: 299_900, source: 'desk', staffName: '王芳' })]);
    expect(page.deletion).toBeNull();
  });

  it('names the undecided refund request of a membership, and forgets it once decided', async () => {
    const sqlite = k.ctx.kdb.sqlite;
    const insert = sqlite.prepare(
      'INSERT INTO membership_event (id, membership_id, member_id, kind, occurred_at, amount_fen, reason, ref_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const refundId = k.ctx.newId();
    insert.run(refundId, membershipId, memberId, 'refund_requested', '2026-11-23T01:00:00.000Z', 100_000, '搬家', null);
    let page = await call(k, 'members.page', { memberId });
    expect(page.memberships[0]?.pendingRefundId).toBe(refundId);
    expect(page.history.map((e) => e.kind)).toEqual(['refund_requested', 'created']);
    insert.run(k.ctx.newId(), membershipId, memberId, 'refund_rejected', '2026-11-23T02:00:00.000Z', null, null, refundId);
    page = await call(k, 'members.page', { memberId });
    expect(page.memberships[0]?.pendingRefundId).toBeNull();
  });

  it('is NOT_FOUND for an unknown member and open to a coach (members.read)', async () => {
    expect(await failure(k, 'members.page', { memberId: UUID })).toMatchObject({ code: 'NOT_FOUND' });
    await k.signInAs('coach');
    expect((await call(k, 'members.page', { memberId })).profile.id).toBe(memberId);
  });
});

describe('members.reveal', () => {
  it('is refused to reception by the guard, writing nothing', async () => {
    const before = tableCounts(k);
    expect(await failure(k, 'members.reveal', { memberId, field: 'idCard' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(auditRows(k, 'member.reveal')).toEqual([]);
    expect(tableCounts(k).sync_outbox).toBe(before.sync_outbox);
  });

  it('gives a manager each field in full, each reveal audited by field name only', async () => {
    const managerId = await k.signInAs('manager');
    expect(await call(k, 'members.reveal', { memberId, field: 'idCard' })).toEqual({ field: 'idCard', value: ID });
    expect(await call(k, 'members.reveal', { memberId, field: 'phone' })).toEqual({ field: 'phone', value: '16612340000' });
    expect(await call(k, 'members.reveal', { memberId, field: 'healthNotes' })).toEqual({ field: 'healthNotes', value: NOTES });
    expect(await call(k, 'members.reveal', { memberId, field: 'emergencyContact' })).toEqual({ field: 'emergencyContact', value: '李建国 16698760000' });
    const rows = auditRows(k, 'member.reveal');
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([{ field: 'idCard' }, { field: 'phone' }, { field: 'healthNotes' }, { field: 'emergencyContact' }]);
    for (const r of rows) expect(r).toMatchObject({ actor_id: managerId, entity: 'member', entity_id: memberId });
    const all = JSON.stringify(k.ctx.kdb.sqlite.prepare('SELECT * FROM audit_log').all());
    for (const secret of [ID, NOTES, '李建国', '16612340000']) expect(all).not.toContain(secret);
    expect(verifyAuditLog(k.ctx.kdb.sqlite)).toMatchObject({ ok: true });
    expect(await call(k, 'audit.verify', {})).toMatchObject({ ok: true });
  });

  it('answers null for a field never given, still audited; NOT_FOUND for an unknown member', async () => {
    const plain = await call(k, 'members.register', registration({ profile: { phone: '16612340005' } }));
    await k.signInAs('manager');
    expect(await call(k, 'members.reveal', { memberId: plain.memberId, field: 'healthNotes' })).toEqual({ field: 'healthNotes', value: null });
    expect(await call(k, 'members.reveal', { memberId: plain.memberId, field: 'emergencyContact' })).toEqual({ field: 'emergencyContact', value: null });
    expect(auditRows(k, 'member.reveal')).toHaveLength(2);
    expect(await failure(k, 'members.reveal', { memberId: UUID, field: 'phone' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
