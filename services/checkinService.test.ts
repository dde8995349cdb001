import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatUid } from '../core/cards/cardNumber';
import { DEMO_UNKNOWN_CARD, FEATURED_MEMBERS } from './demo/featured';
import { openTempKiosk, tableCounts, type TempKiosk } from './testing/tempKiosk';

const card = (key: string) => {
  const f = FEATURED_MEMBERS.find((m) => m.key === key);
  if (!f) throw new Error(key);
  return f;
};

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk();
});
afterEach(async () => {
  await k.dispose();
});

const visits = (memberNo: string) =>
  k.ctx.kdb.sqlite.prepare('SELECT v.* FROM visit v JOIN member m ON m.id = v.member_id WHERE m.member_no = ? ORDER BY occurred_at DESC').all(memberNo) as {
    id: string;
    admitted: number;
    source: string;
    staff_id: string | null;
    device_id: string;
  }[];

describe('check-in by card', () => {
  it('welcomes a member in good standing, writes the visit and its outbox row together', async () => {
    const before = tableCounts(k);
    const r = await k.api['checkin.card']({ card: formatUid(card('green').card, 'dec10'), format: 'dec10' });
    expect(r).toMatchObject({ color: 'green', admitted: true, duplicate: false, source: 'card', cardUid: '3A5F0001' });
    expect(r.member?.member).toMatchObject({ memberNo: 'M000001', name: '张晓雨', phoneMasked: '138****0001' });
    expect(r.member?.tier?.code).toBe('gold');
    expect(r.member?.benefits?.freeClassesPerMonth).toBe(6);
    expect(r.member?.classQuota).toEqual({ monthly: 6, used: 0, remaining: 6 });
    expect(r.member?.recentVisits[0]?.id).toBe(r.visitId);
    const after = tableCounts(k);
    expect(after.visit).toBe(before.visit! + 1);
    expect(after.sync_outbox).toBe(before.sync_outbox! + 1);
    const outbox = k.ctx.kdb.sqlite.prepare('SELECT * FROM sync_outbox ORDER BY seq DESC LIMIT 1').get() as { name: string; args: string; status: string };
    expect(outbox).toMatchObject({ name: 'visit.record', status: 'pending' });
    expect(JSON.parse(outbox.args)).toMatchObject({ id: r.visitId, source: 'card' });
    const [v] = visits('M000001');
    expect(v).toMatchObject({ id: r.visitId, admitted: 1, device_id: k.ctx.desk.deviceId });
    expect(v?.staff_id).not.toBeNull();
  });

  it('matches the same card in every reader format', async () => {
    const uid = card('expiring').card;
    for (const format of ['hex', 'hex-reversed', 'dec10', 'dec10-reversed', 'w26'] as const) {
      k.clock.advance(60 * 60_000); // past the duplicate window
      const r = await k.api['checkin.card']({ card: formatUid(uid, format), format });
      expect(r.member?.member.memberNo, format).toBe('M000002');
    }
  });

  it('gives each featured situation its decision', async () => {
    const expectations: [string, string, string[]][] = [
      ['expiring', 'yellow', ['EXPIRING_SOON']],
      ['expired', 'red', ['MEMBERSHIP_EXPIRED']],
      ['frozen', 'red', ['MEMBERSHIP_FROZEN']],
      ['birthday', 'green', ['BIRTHDAY']],
      ['medical', 'yellow', ['MEDICAL_ALERT']],
      ['tierChanged', 'yellow', ['TIER_CHANGED']],
      ['notStarted', 'red', ['MEMBERSHIP_NOT_STARTED']],
    ];
    for (const [key, color, reasons] of expectations) {
      const r = await k.api['checkin.card']({ card: card(key).card, format: 'hex' });
      expect([key, r.color, r.reasons.map((x) => x.code)]).toEqual([key, color, reasons]);
    }
  });

  it('refuses a lost card with its own reason but shows whose it was', async () => {
    const r = await k.api['checkin.card']({ card: card('lost').lostCard!, format: 'hex' });
    expect(r.color).toBe('red');
    expect(r.reasons.map((x) => x.code)).toEqual(['CARD_LOST']);
    expect(r.member?.member.memberNo).toBe('M000005');
    const ok = await k.api['checkin.card']({ card: card('lost').card, format: 'hex' });
    expect(ok.color).toBe('green');
  });

  it('shows an unknown card in grey and writes nothing', async () => {
    const before = tableCounts(k);
    const r = await k.api['checkin.card']({ card: DEMO_UNKNOWN_CARD, format: 'hex' });
    expect(r).toMatchObject({ color: 'grey', admitted: false, visitId: null, member: null });
    expect(tableCounts(k)).toEqual(before);
  });

  it('treats a second tap within the window as a duplicate, not a second visit', async () => {
    const first = await k.api['checkin.card']({ card: card('green').card, format: 'hex' });
    // Under the desk's 5-minute inactivity lock, whose audit row would change the counts.
    k.clock.advance(4 * 60_000);
    const before = tableCounts(k);
    const second = await k.api['checkin.card']({ card: card('green').card, format: 'hex' });
    expect(second).toMatchObject({ duplicate: true, color: 'yellow', visitId: first.visitId });
    expect(tableCounts(k)).toEqual(before);
    k.clock.advance(30 * 60_000);
    const third = await k.api['checkin.card']({ card: card('green').card, format: 'hex' });
    expect(third.duplicate).toBe(false);
    expect(third.visitId).not.toBe(first.visitId);
  });

  it('refuses a card number that does not fit the reader format, writing nothing', async () => {
    const before = tableCounts(k);
    await expect(k.api['checkin.card']({ card: '123', format: 'dec10' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(k.api['checkin.card']({ card: '99999999999', format: 'dec10' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(tableCounts(k)).toEqual(before);
  });

  it('rolls the visit back when its outbox row cannot be written', async () => {
    const before = tableCounts(k);
    k.ctx.kdb.sqlite.exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(k.api['checkin.card']({ card: card('green').card, format: 'hex' })).rejects.toThrow(/disk full/);
    expect(tableCounts(k)).toEqual(before);
  });
});

describe('manual check-in and override', () => {
  it('records a manual check-in with its source', async () => {
    const [m] = await k.api['members.search']({ query: 'M000001' });
    const r = await k.api['checkin.member']({ memberId: m!.id });
    expect(r).toMatchObject({ source: 'manual', color: 'green', cardUid: null });
    expect(visits('M000001')[0]?.source).toBe('manual');
  });

  it('lets staff admit a denied member with a recorded reason, once', async () => {
    const denied = await k.api['checkin.card']({ card: card('expired').card, format: 'hex' });
    expect(denied.admitted).toBe(false);
    await expect(k.api['checkin.override']({ visitId: denied.visitId!, reason: '会员已在前台续费' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const managerId = await k.signInAs('manager');
    const r = await k.api['checkin.override']({ visitId: denied.visitId!, reason: '会员已在前台续费' });
    expect(r).toMatchObject({ admitted: true, overridden: true, visitId: denied.visitId });
    const row = k.ctx.kdb.sqlite.prepare('SELECT * FROM visit WHERE id = ?').get(denied.visitId) as Record<string, unknown>;
    expect(row).toMatchObject({ admitted: 1, override_reason: '会员已在前台续费' });
    expect(row.override_staff_id).toBe(managerId);
    const names = k.ctx.kdb.sqlite.prepare('SELECT name FROM sync_outbox ORDER BY seq DESC LIMIT 2').pluck().all();
    expect(names).toEqual(['visit.override', 'visit.record']);
    await expect(k.api['checkin.override']({ visitId: denied.visitId!, reason: '再次' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('lets reception admit a denied member when a manager approves with their PIN', async () => {
    const denied = await k.api['checkin.card']({ card: card('frozen').card, format: 'hex' });
    const managerId = k.ctx.kdb.sqlite.prepare("SELECT id FROM staff WHERE role = 'manager'").pluck().get() as string;
    const receptionId = k.ctx.auth.onDutyStaffId();
    await expect(k.api['checkin.override']({ visitId: denied.visitId!, reason: '店长同意', approver: { staffId: managerId, pin: '000001' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      k.api['checkin.override']({ visitId: denied.visitId!, reason: '店长同意', approver: { staffId: receptionId!, pin: '135790' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const r = await k.api['checkin.override']({ visitId: denied.visitId!, reason: '店长同意', approver: { staffId: managerId, pin: '864213' } });
    expect(r.overridden).toBe(true);
    expect(k.ctx.kdb.sqlite.prepare('SELECT override_staff_id FROM visit WHERE id = ?').pluck().get(denied.visitId)).toBe(managerId);
    // The desk stays with reception.
    expect(k.ctx.auth.onDutyStaffId()).toBe(receptionId);
    const audit = k.ctx.kdb.sqlite.prepare("SELECT actor_id FROM audit_log WHERE action = 'visit.override'").pluck().all();
    expect(audit).toEqual([managerId]);
  });

  it('refuses card taps with nobody signed in, and still admits the queue while the desk is locked', async () => {
    k.ctx.auth.lock();
    const whileLocked = await k.api['checkin.card']({ card: card('green').card, format: 'hex' });
    expect(whileLocked.admitted).toBe(true);
    expect(visits('M000001')[0]?.staff_id).toBe(k.ctx.auth.onDutyStaffId());
    await expect(k.api['members.search']({ query: 'M000001' })).rejects.toMatchObject({ code: 'NO_STAFF_ON_DUTY' });
    k.ctx.auth.signOut();
    const before = tableCounts(k);
    await expect(k.api['checkin.card']({ card: card('green').card, format: 'hex' })).rejects.toMatchObject({ code: 'NO_STAFF_ON_DUTY' });
    expect(tableCounts(k)).toEqual(before);
  });
});
