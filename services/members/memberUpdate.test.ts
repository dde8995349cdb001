import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../core/contract/methods';
import { verifyAuditLog } from '../audit/verifyAuditLog';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { auditRows, badChecksumIdCard, call, failure, outboxRows, registration, validIdCard } from './memberTestKit';

/** members.update: a manager's correction of the profile (the consent rules are in memberUpdateConsent.test.ts). */
let k: TempKiosk;
let memberId: string;
const UUID = '0190a5d2-3c4b-7def-8a12-3456789abcde';
const CONSENT = { sensitive: true, textVersion: 'sensitive-2026-11' };

beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
  memberId = (
    await call(
      k,
      'members.register',
      registration({ profile: { name: '林晓', birthday: '1990-03-07', fitnessGoal: '减脂', emergencyContact: { name: '李建国', phone: '16698760000' } } }),
    )
  ).memberId;
});
afterEach(async () => {
  await k.dispose();
});

const memberRow = (id = memberId) => k.ctx.kdb.sqlite.prepare('SELECT * FROM member WHERE id = ?').get(id) as Record<string, unknown>;
const update = (input: Omit<MethodInput<'members.update'>, 'memberId'>, id = memberId) => call(k, 'members.update', { memberId: id, ...input });
const refusal = (input: Omit<MethodInput<'members.update'>, 'memberId'>, id = memberId) => failure(k, 'members.update', { memberId: id, ...input });

/** Counts of every table except the ones a permitted call writes. */
function countsBesides(...written: string[]) {
  const counts = tableCounts(k);
  for (const t of written) delete counts[t];
  return counts;
}

describe('members.update', () => {
  it('corrects the profile: only the changed columns, updated_at and version + 1, one mutation and one audit row', async () => {
    const before = memberRow();
    const counts = tableCounts(k);
    const others = countsBesides('audit_log', 'sync_outbox');
    k.clock.advance(60_000);
    const page = await update({
      changes: { name: '林晓雨', gender: 'female', phone: '16655557788', birthday: null, fitnessGoal: '增肌', preferredCourses: ['pilates', 'yoga', 'pilates'] },
    });
    expect(page.profile).toMatchObject({ id: memberId, name: '林晓雨', phoneMasked: '166****7788', birthday: null, fitnessGoal: '增肌', preferredCourses: ['pilates', 'yoga'] });
    expect(page.profile.emergencyContactMasked).toBe('李** 166****0000');
    expect(JSON.stringify(page)).not.toContain('16655557788');

    const after = memberRow();
    expect(after).toMatchObject({ name: '林晓雨', phone: '16655557788', phone_tail: '7788', birthday: null, fitness_goal: '增肌', preferred_courses: '["pilates","yoga"]' });
    expect(after.version).toBe((before.version as number) + 1);
    expect(after.updated_at).toBe(k.clock.now().toISOString());
    expect(after.emergency_contact_sealed).toBe(before.emergency_contact_sealed);
    expect(after.created_at).toBe(before.created_at);

    expect(tableCounts(k)).toEqual({ ...counts, audit_log: counts.audit_log! + 1, sync_outbox: counts.sync_outbox! + 1 });
    expect(countsBesides('audit_log', 'sync_outbox')).toEqual(others);
    const [mutation] = outboxRows(k, 'member.update');
    expect(JSON.parse(mutation!.args)).toEqual({
      memberId,
      set: { name: '林晓雨', phone: '16655557788', phone_tail: '7788', birthday: null, fitness_goal: '增肌', preferred_courses: '["pilates","yoga"]' },
      consent: null,
      updatedAt: k.clock.now().toISOString(),
      version: (before.version as number) + 1,
    });
    // Gender did not change: it is neither written nor listed.
    const [audit] = auditRows(k, 'member.update');
    expect(audit).toMatchObject({ entity: 'member', entity_id: memberId });
    expect(JSON.parse(audit!.details)).toEqual({ fields: 'name,birthday,phone,fitnessGoal,preferredCourses', sensitiveConsent: null, duplicatesAcknowledged: 0, outboxScrubbed: 0 });
    expect(audit!.details).not.toMatch(/林晓雨|16655557788|增肌/);
    expect(verifyAuditLog(k.ctx.kdb.sqlite)).toMatchObject({ ok: true });
  });

  it('finds the member at the desk by the new phone tail and no longer by the old one', async () => {
    const byTail = async (tail: string) => (await call(k, 'members.search', { query: tail })).filter((m) => m.id === memberId);
    expect(await byTail('0000')).toHaveLength(1);
    await update({ changes: { phone: '16655557788' } });
    expect(await byTail('7788')).toEqual([expect.objectContaining({ id: memberId, phoneTail: '7788', name: '林晓' })]);
    expect(await byTail('0000')).toEqual([]);
  });

  it('reseals a new emergency contact under the member, and clears it with null', async () => {
    await update({ changes: { emergencyContact: { name: '王强', phone: '16611112222' } } });
    const sealed = memberRow().emergency_contact_sealed as string;
    expect(sealed).toMatch(/^v1\./);
    expect(k.ctx.cipher.decrypt(sealed, { table: 'member', column: 'emergency_contact_sealed', rowId: memberId })).toBe('{"name":"王强","phone":"16611112222"}');
    expect(await call(k, 'members.reveal', { memberId, field: 'emergencyContact' })).toEqual({ field: 'emergencyContact', value: '王强 16611112222' });
    const page = await update({ changes: { emergencyContact: null, fitnessGoal: '  ' } });
    expect(page.profile).toMatchObject({ emergencyContactMasked: null, fitnessGoal: null });
    expect(memberRow()).toMatchObject({ emergency_contact_sealed: null, fitness_goal: null });
    expect(JSON.parse(auditRows(k, 'member.update')[1]!.details).fields).toBe('emergencyContact,fitnessGoal');
  });

  it('writes nothing when the values are what is stored already', async () => {
    const before = tableCounts(k);
    const version = memberRow().version;
    const page = await update({ changes: { name: '林晓', phone: '16612340000', fitnessGoal: '减脂', emergencyContact: { name: '李建国', phone: '16698760000' } } });
    expect(page.profile.name).toBe('林晓');
    expect(tableCounts(k)).toEqual(before);
    expect(memberRow().version).toBe(version);
  });

  it('refuses another member’s phone or ID number as a CONFLICT naming them, unless acknowledged', async () => {
    const other = await call(k, 'members.register', registration({ profile: { name: '周敏', phone: '16687654321', idCard: validIdCard(61) }, consent: CONSENT }));
    const before = tableCounts(k);
    const byPhone = await refusal({ changes: { phone: '16687654321' } });
    expect(byPhone).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'duplicates', message: other.memberId }] });
    const byId = await refusal({ changes: { idCard: validIdCard(61), phone: '16687654321' }, consent: CONSENT });
    expect(byId.issues).toEqual([{ path: 'duplicates', message: other.memberId }]);
    expect(tableCounts(k)).toEqual(before);
    expect(memberRow().phone).toBe('16612340000');

    await update({ changes: { phone: '16687654321' }, acknowledgeDuplicates: true });
    expect(memberRow().phone).toBe('16687654321');
    expect(JSON.parse(auditRows(k, 'member.update')[0]!.details)).toMatchObject({ fields: 'phone', duplicatesAcknowledged: 1 });
    // Its own phone again (a name change) is no duplicate of itself, nor of the other member twice.
    await update({ changes: { name: '林晓雨' } });
    expect(memberRow().name).toBe('林晓雨');
  });

  it('does not count an erased member as a duplicate', async () => {
    const other = await call(k, 'members.register', registration({ profile: { name: '周敏', phone: '16687654321' } }));
    const request = await call(k, 'members.requestDeletion', { memberId: other.memberId, reason: '会员本人申请' });
    await call(k, 'members.decideDeletion', { requestId: request.id, approve: true });
    await update({ changes: { phone: '16687654321' } });
    expect(memberRow().phone).toBe('16687654321');
  });

  it('checks the ID number like registration: the reason at changes.idCard, nothing written', async () => {
    const before = tableCounts(k);
    expect(await refusal({ changes: { idCard: badChecksumIdCard(62) }, consent: CONSENT })).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'changes.idCard', message: 'bad_checksum' }],
    });
    expect(await refusal({ changes: { idCard: '11010119900307' }, consent: CONSENT })).toMatchObject({ issues: [{ path: 'changes.idCard', message: 'bad_format' }] });
    expect(tableCounts(k)).toEqual(before);
  });

  it('is NOT_FOUND for an unknown member and CONFLICT member_erased for an erased one', async () => {
    expect(await refusal({ changes: { name: '林晓雨' } }, UUID)).toMatchObject({ code: 'NOT_FOUND' });
    const request = await call(k, 'members.requestDeletion', { memberId, reason: '会员本人申请' });
    await call(k, 'members.decideDeletion', { requestId: request.id, approve: true });
    const before = tableCounts(k);
    expect(await refusal({ changes: { name: '林晓雨' } })).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'memberId', message: 'member_erased' }] });
    expect(tableCounts(k)).toEqual(before);
  });

  it.each(['reception', 'coach'] as const)('is refused to %s (FORBIDDEN), writing nothing', async (role) => {
    await k.signInAs(role);
    const before = tableCounts(k);
    expect(await refusal({ changes: { name: '林晓雨' } })).toMatchObject({ code: 'FORBIDDEN' });
    expect(tableCounts(k)).toEqual(before);
    expect(memberRow().name).toBe('林晓');
  });

  it('refuses an empty correction and unknown fields before any service runs', async () => {
    const before = tableCounts(k);
    expect(await failure(k, 'members.update', { memberId, changes: {} })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(k, 'members.update', { memberId, changes: { name: '林晓雨', memberNo: 'M1' } as never })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(tableCounts(k)).toEqual(before);
  });
});
