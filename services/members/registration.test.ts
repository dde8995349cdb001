import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { auditRows, badChecksumIdCard, call, failure, outboxRows, photo, registration, validIdCard } from './memberTestKit';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterEach(async () => {
  await k.dispose();
});

const row = (sql: string, ...args: unknown[]) => k.ctx.kdb.sqlite.prepare(sql).get(...args) as Record<string, unknown>;

describe('members.register', () => {
  it('registers a member with photo, consent, ID, health notes and a card that then checks in green', async () => {
    await k.signInAs('reception');
    const id = validIdCard(11);
    const input = registration({
      profile: {
        name: '林晓',
        idCard: id.toLowerCase(),
        healthNotes: '膝关节术后，避免深蹲',
        emergencyContact: { name: '李建国', phone: '16698760000' },
        fitnessGoal: '减脂',
        preferredCourses: ['yoga', 'pilates'],
      },
      consent: { sensitive: true, textVersion: 'sensitive-2026-11' },
      photoDataUrl: photo(),
      card: { card: 'c0de0001', format: 'hex' },
    });
    const result = await call(k, 'members.register', input);
    expect(result.memberNo).toBe('M000201');
    expect(result.card).toMatchObject({ cardUid: 'C0DE0001', status: 'active', endedAt: null });

    const member = row('SELECT * FROM member WHERE id = ?', result.memberId);
    const staffId = row("SELECT id FROM staff WHERE name = '王芳'").id;
    expect(member).toMatchObject({ name: '林晓', phone: '16612340000', phone_tail: '0000', medical_alert: 1, photo: photo(), registered_by: staffId });
    expect(member.preferred_courses).toBe('["yoga","pilates"]');
    for (const column of ['id_card_sealed', 'health_notes_sealed', 'emergency_contact_sealed']) expect(member[column]).toMatch(/^v1\./);
    expect(member.id_card_index).toBe(k.ctx.cipher.blindIndex(id, 'id_card'));
    // Sealed under its own row and column: the stored form is the canonical upper-case number.
    expect(k.ctx.cipher.decrypt(member.id_card_sealed as string, { table: 'member', column: 'id_card_sealed', rowId: result.memberId })).toBe(id);

    expect(row('SELECT * FROM membership WHERE id = ?', result.membershipId)).toMatchObject({
      plan_code: 'year', plan_name: '年卡', starts_on: '2026-11-23', valid_until: '2027-11-22', status: 'active',
    });
    expect(row('SELECT * FROM membership_event WHERE membership_id = ?', result.membershipId)).toMatchObject({
      kind: 'created', from_date: '2026-11-23', to_date: '2027-11-22', amount_fen: 299_900, staff_id: staffId,
    });
    expect(row('SELECT * FROM consumption WHERE member_id = ?', result.memberId)).toMatchObject({
      category: 'membership', source: 'desk', amount_fen: 299_900, note: null, staff_id: staffId, branch_id: k.ctx.desk.branchId,
    });
    expect(row('SELECT * FROM member_consent WHERE member_id = ?', result.memberId)).toMatchObject({
      kind: 'sensitive', granted: 1, text_version: 'sensitive-2026-11', staff_id: staffId,
    });
    expect(auditRows(k, 'member.register')).toEqual([
      expect.objectContaining({ actor_id: staffId, entity: 'member', entity_id: result.memberId }),
    ]);
    // The sync mutations carry sealed values only, never the ID number or the notes.
    const outbox = outboxRows(k).filter((r) => r.args.includes(result.memberId));
    expect(outbox.map((r) => r.name)).toEqual(['member.register', 'card.bind']);
    for (const r of outbox) {
      expect(r.args).not.toContain(id);
      expect(r.args).not.toContain('膝关节');
      expect(r.args).not.toContain('李建国');
      expect(r.args).not.toContain(member.id_card_index as string);
    }

    const checkin = await k.api['checkin.card']({ card: 'C0DE0001', format: 'hex' });
    expect(checkin).toMatchObject({ admitted: true, cardUid: 'C0DE0001' });
    // Health notes raise the medical-alert flag (yellow) — the only trace a branch sees of them.
    expect(checkin.reasons.map((r) => r.code)).toEqual(['MEDICAL_ALERT']);
    expect(checkin.member?.member).toMatchObject({ memberNo: 'M000201', medicalAlert: true });
  });

  it('admits a plain registration with the card green', async () => {
    const result = await call(k, 'members.register', registration({ card: { card: 'C0DE0002', format: 'hex' } }));
    const checkin = await k.api['checkin.card']({ card: 'C0DE0002', format: 'hex' });
    expect(checkin).toMatchObject({ color: 'green', admitted: true });
    expect(checkin.member?.member.id).toBe(result.memberId);
    expect(result.memberNo).toBe('M000201');
    const second = await call(k, 'members.register', registration({ profile: { phone: '16612340001' } }));
    expect(second.memberNo).toBe('M000202');
    expect(second.card).toBeNull();
  });

  it('flags probable duplicates by phone and by ID number unless acknowledged', async () => {
    const id = validIdCard(21);
    const first = await call(k, 'members.register', registration({ profile: { idCard: id }, consent: { sensitive: true, textVersion: 'sensitive-2026-11' } }));

    const before = tableCounts(k);
    const byPhone = await failure(k, 'members.register', registration({ profile: { name: '林小', phone: '16612340000' } }));
    expect(byPhone).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'duplicates', message: first.memberId }] });
    const byId = await failure(
      k,
      'members.register',
      registration({ profile: { phone: '16612349999', idCard: id }, consent: { sensitive: true, textVersion: 'sensitive-2026-11' } }),
    );
    expect(byId).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'duplicates', message: first.memberId }] });
    // The error names ids only, never the member's data.
    for (const e of [byPhone, byId]) expect(JSON.stringify(e)).not.toMatch(/林晓|16612340000|110101/);
    expect(tableCounts(k)).toEqual(before);

    const found = await call(k, 'members.findDuplicates', { phone: '16612340000', idCard: id });
    expect(found).toEqual([expect.objectContaining({ id: first.memberId, memberNo: first.memberNo, phoneTail: '0000', membershipStatus: 'active', matchedOn: ['phone', 'idCard'] })]);
    expect(await call(k, 'members.findDuplicates', { idCard: id.toLowerCase() })).toHaveLength(1);
    expect(await call(k, 'members.findDuplicates', { phone: '16612349999' })).toEqual([]);
    expect(await call(k, 'members.findDuplicates', {})).toEqual([]);

    const again = await call(k, 'members.register', registration({ profile: { name: '林小' }, acknowledgeDuplicates: true }));
    expect(again.memberId).not.toBe(first.memberId);
    expect(auditRows(k, 'member.register').at(-1)?.details).toContain('"duplicatesAcknowledged":1');
  });

  it('refuses an ID number with a bad checksum, naming the field and the reason only', async () => {
    const before = tableCounts(k);
    const bad = badChecksumIdCard(31);
    const e = await failure(k, 'members.register', registration({ profile: { idCard: bad }, consent: { sensitive: true, textVersion: 'sensitive-2026-11' } }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'profile.idCard', message: 'bad_checksum' }] });
    expect(JSON.stringify(e)).not.toContain(bad);
    const future = await failure(k, 'members.register', registration({ profile: { idCard: validIdCard(1, '20270101') }, consent: { sensitive: true, textVersion: 'v' } }));
    expect(future.issues).toEqual([{ path: 'profile.idCard', message: 'bad_birthday' }]);
    expect(tableCounts(k)).toEqual(before);
  });

  it('refuses sensitive data without the separate consent', async () => {
    const before = tableCounts(k);
    const withId = await failure(k, 'members.register', registration({ profile: { idCard: validIdCard(41) } }));
    expect(withId).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'consent.sensitive' }] });
    const withNotes = await failure(k, 'members.register', registration({ profile: { healthNotes: '哮喘' } }));
    expect(withNotes.issues).toEqual([expect.objectContaining({ path: 'consent.sensitive' })]);
    expect(tableCounts(k)).toEqual(before);
    // Neither given: no consent needed, and the refusal is recorded as such.
    const plain = await call(k, 'members.register', registration({ profile: { idCard: '', healthNotes: '  ' } }));
    expect(row('SELECT granted FROM member_consent WHERE member_id = ?', plain.memberId).granted).toBe(0);
    expect(row('SELECT id_card_sealed, health_notes_sealed, medical_alert FROM member WHERE id = ?', plain.memberId)).toEqual({
      id_card_sealed: null, health_notes_sealed: null, medical_alert: 0,
    });
  });

  it('writes nothing when it fails mid-way on a card bound to someone else', async () => {
    const before = tableCounts(k);
    // 3A5F0001 is the demo member M000001's active card: the member insert has already run.
    const e = await failure(k, 'members.register', registration({ card: { card: '3A5F0001', format: 'hex' } }));
    expect(e.code).toBe('CONFLICT');
    expect(tableCounts(k)).toEqual(before);
    // A failing audit write rolls everything back too.
    k.ctx.kdb.sqlite.exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'member.register' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const failed = await failure(k, 'members.register', registration({ card: { card: 'C0DE0003', format: 'hex' } }));
    expect(failed.code).toBe('INTERNAL');
    k.ctx.kdb.sqlite.exec('DROP TRIGGER fail_audit');
    expect(tableCounts(k)).toEqual(before);
  });

  it('refuses a card given as a Wiegand-26 number and an unknown plan with field issues', async () => {
    const before = tableCounts(k);
    const e = await failure(k, 'members.register', registration({ card: { card: '09012345', format: 'w26' } }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'card.format' }] });
    const bad = await failure(k, 'members.register', registration({ card: { card: '123', format: 'hex' } }));
    expect(bad.issues).toEqual([{ path: 'card.card', message: 'bad_length' }]);
    expect(tableCounts(k)).toEqual(before);
  });
});

describe('hostile text', () => {
  it('stores and returns markup and SQL in names and goals verbatim', async () => {
    const names = ['<script>alert(1)</script>', "'; DROP TABLE member; --"];
    for (const [i, name] of names.entries()) {
      const r = await call(k, 'members.register', registration({ profile: { name, phone: `1661234100${i}`, fitnessGoal: name } }));
      const page = await call(k, 'members.page', { memberId: r.memberId });
      expect(page.profile).toMatchObject({ name, fitnessGoal: name });
      expect(row('SELECT name FROM member WHERE id = ?', r.memberId).name).toBe(name);
      const search = await call(k, 'members.search', { query: name.slice(0, 10) });
      expect(search.map((m) => m.name)).toContain(name);
    }
    expect(row("SELECT count(*) AS n FROM sqlite_master WHERE name = 'member'").n).toBe(1);
  });
});
