import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../core/contract/methods';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { auditRows, call, failure, outboxRows, registration, validIdCard } from './memberTestKit';

/** members.update and the separate consent for sensitive data: giving it, needing it, withdrawing it. */
let k: TempKiosk;
const CONSENT = { sensitive: true, textVersion: 'sensitive-2026-11' };
const WITHDRAW = { sensitive: false, textVersion: 'sensitive-2026-11' };
const ID = validIdCard(71);
const NOTES = '哮喘Hn71，随身带喷雾';

beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterEach(async () => {
  await k.dispose();
});

const memberRow = (id: string) => k.ctx.kdb.sqlite.prepare('SELECT * FROM member WHERE id = ?').get(id) as Record<string, unknown>;
const consents = (id: string) =>
  k.ctx.kdb.sqlite.prepare('SELECT granted, text_version FROM member_consent WHERE member_id = ? ORDER BY recorded_at, id').all(id) as { granted: number }[];
const update = (memberId: string, input: Omit<MethodInput<'members.update'>, 'memberId'>) => call(k, 'members.update', { memberId, ...input });
const refusal = (memberId: string, input: Omit<MethodInput<'members.update'>, 'memberId'>) => failure(k, 'members.update', { memberId, ...input });

/** The markers found in any database file (main, -wal, -shm), after a checkpoint. */
function onDisk(markers: string[]): string[] {
  k.ctx.kdb.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const files = readdirSync(k.dir).filter((f) => f.startsWith('kiosk.sqlite') && !f.endsWith('.keys.json'));
  const found = new Set<string>();
  for (const f of files) {
    const bytes = readFileSync(join(k.dir, f));
    for (const m of markers) if (bytes.includes(Buffer.from(m, 'utf8'))) found.add(m);
  }
  return [...found];
}

async function registered(withSensitive: boolean): Promise<string> {
  const profile = withSensitive ? { idCard: ID, healthNotes: NOTES } : {};
  const consent = withSensitive ? CONSENT : WITHDRAW;
  return (await call(k, 'members.register', registration({ profile, consent }))).memberId;
}

describe('members.update: the separate consent', () => {
  it('refuses an ID number or health notes without consent (consent.sensitive), writing nothing', async () => {
    const memberId = await registered(false);
    const before = tableCounts(k);
    for (const changes of [{ idCard: ID }, { healthNotes: NOTES }]) {
      expect(await refusal(memberId, { changes })).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'consent.sensitive', message: 'consent_required' }] });
    }
    expect(tableCounts(k)).toEqual(before);
  });

  it('takes them with consent given in the call: sealed under the member, blind index, medical alert, a new consent row', async () => {
    const memberId = await registered(false);
    const page = await update(memberId, { changes: { idCard: ID.toLowerCase(), healthNotes: NOTES }, consent: CONSENT });
    expect(page.profile).toMatchObject({ idCardMasked: `110***********${ID.slice(-4)}`, hasHealthNotes: true, medicalAlert: true, sensitiveConsent: { granted: true } });
    const row = memberRow(memberId);
    expect(row.id_card_index).toBe(k.ctx.cipher.blindIndex(ID, 'id_card'));
    expect(row.medical_alert).toBe(1);
    const open = (column: string, rowId: string) => k.ctx.cipher.decrypt(row[column] as string, { table: 'member', column, rowId });
    expect(open('id_card_sealed', memberId)).toBe(ID);
    expect(open('health_notes_sealed', memberId)).toBe(NOTES);
    // The associated data names the row: the sealed value does not open as another member's.
    expect(() => open('id_card_sealed', '0190a5d2-3c4b-7def-8a12-3456789abcde')).toThrow();
    expect(consents(memberId).map((c) => c.granted)).toEqual([0, 1]);

    const [mutation] = outboxRows(k, 'member.update');
    const args = JSON.parse(mutation!.args) as { set: Record<string, unknown>; consent: Record<string, unknown> };
    expect(args.set).toEqual({ id_card_sealed: row.id_card_sealed, health_notes_sealed: row.health_notes_sealed, medical_alert: 1 });
    expect(args.consent).toMatchObject({ granted: 1, kind: 'sensitive', text_version: 'sensitive-2026-11' });
    expect(mutation!.args).not.toContain(ID);
    expect(mutation!.args).not.toContain('哮喘');
    expect(mutation!.args).not.toContain(row.id_card_index as string);
    const details = JSON.parse(auditRows(k, 'member.update')[0]!.details);
    expect(details).toMatchObject({ fields: 'idCard,healthNotes', sensitiveConsent: 'granted' });
    expect(JSON.stringify(details)).not.toContain(ID.slice(-6));
  });

  it('needs no consent in the call while the member’s latest consent is granted; clearing notes clears the alert', async () => {
    const memberId = await registered(true);
    await update(memberId, { changes: { healthNotes: '已康复Hn72' } });
    expect(k.ctx.cipher.decrypt(memberRow(memberId).health_notes_sealed as string, { table: 'member', column: 'health_notes_sealed', rowId: memberId })).toBe('已康复Hn72');
    const page = await update(memberId, { changes: { healthNotes: null } });
    expect(page.profile).toMatchObject({ hasHealthNotes: false, medicalAlert: false, idCardMasked: `110***********${ID.slice(-4)}` });
    expect(memberRow(memberId)).toMatchObject({ health_notes_sealed: null, medical_alert: 0 });
    expect(consents(memberId)).toHaveLength(1);
  });

  it('withdrawing deletes the ID number and health notes everywhere in the database, and check-in drops the alert', async () => {
    const memberId = await registered(true);
    const sealed = memberRow(memberId);
    const markers = [ID, NOTES, sealed.id_card_sealed as string, sealed.health_notes_sealed as string, sealed.id_card_index as string];
    // The scan sees the sealed values while they are on file (the plaintext never is).
    expect(onDisk(markers).sort()).toEqual(markers.slice(2).sort());
    const first = await call(k, 'checkin.member', { memberId });
    expect(first.reasons.map((r) => r.code)).toContain('MEDICAL_ALERT');
    expect(first.member?.member.medicalAlert).toBe(true);

    const page = await update(memberId, { changes: { idCard: null, healthNotes: null }, consent: WITHDRAW });
    expect(page.profile).toMatchObject({ idCardMasked: null, hasHealthNotes: false, medicalAlert: false, sensitiveConsent: { granted: false } });
    expect(memberRow(memberId)).toMatchObject({ id_card_sealed: null, id_card_index: null, health_notes_sealed: null, medical_alert: 0 });
    expect(consents(memberId).map((c) => c.granted)).toEqual([1, 0]);
    // The registration's queued mutation no longer carries the sealed values either.
    const registerArgs = outboxRows(k, 'member.register')[0]!.args;
    expect(JSON.parse(registerArgs).member).toMatchObject({ id_card_sealed: null, health_notes_sealed: null });
    expect(JSON.parse(auditRows(k, 'member.update')[0]!.details)).toMatchObject({ fields: 'idCard,healthNotes', sensitiveConsent: 'withdrawn', outboxScrubbed: 1 });

    // Past the duplicate-scan window (which also locks the idle desk: sign in again).
    k.clock.advance(2 * 3600_000);
    await k.signInAs('manager');
    const again = await call(k, 'checkin.member', { memberId });
    expect(again.reasons.map((r) => r.code)).not.toContain('MEDICAL_ALERT');
    expect(again.member?.member.medicalAlert).toBe(false);

    // Neither in plaintext nor sealed, in any database file after a checkpoint and a vacuum.
    k.ctx.kdb.sqlite.exec('VACUUM');
    expect(onDisk(markers)).toEqual([]);
  });

  it('a withdrawal clears them even when the call names other fields only', async () => {
    const memberId = await registered(true);
    await update(memberId, { changes: { name: '林晓雨' }, consent: WITHDRAW });
    expect(memberRow(memberId)).toMatchObject({ name: '林晓雨', id_card_sealed: null, health_notes_sealed: null, medical_alert: 0 });
    expect(JSON.parse(auditRows(k, 'member.update')[0]!.details).fields).toBe('name,idCard,healthNotes');
  });

  it('refuses new sensitive values in the call that withdraws, and after the withdrawal without new consent', async () => {
    const memberId = await registered(true);
    const before = tableCounts(k);
    expect(await refusal(memberId, { changes: { idCard: ID }, consent: WITHDRAW })).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'consent.sensitive', message: 'consent_withdrawn' }],
    });
    expect(await refusal(memberId, { changes: { healthNotes: '新备注' }, consent: WITHDRAW })).toMatchObject({ issues: [{ path: 'consent.sensitive', message: 'consent_withdrawn' }] });
    expect(tableCounts(k)).toEqual(before);
    expect(memberRow(memberId).id_card_sealed).not.toBeNull();

    await update(memberId, { changes: { idCard: null, healthNotes: null }, consent: WITHDRAW });
    expect(await refusal(memberId, { changes: { idCard: ID } })).toMatchObject({ issues: [{ path: 'consent.sensitive', message: 'consent_required' }] });
    // Given again, it is taken again.
    await update(memberId, { changes: { idCard: ID }, consent: CONSENT });
    expect(memberRow(memberId).id_card_index).toBe(k.ctx.cipher.blindIndex(ID, 'id_card'));
  });

  it('withdraws the flag of a member whose alert came without notes (demo data, older sync)', async () => {
    const memberId = await registered(false);
    k.ctx.kdb.sqlite.prepare('UPDATE member SET medical_alert = 1 WHERE id = ?').run(memberId);
    await update(memberId, { changes: { idCard: null }, consent: WITHDRAW });
    expect(memberRow(memberId).medical_alert).toBe(0);
  });
});
