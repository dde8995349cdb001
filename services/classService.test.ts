import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempKiosk, tableCounts, type TempKiosk } from './testing/tempKiosk';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk();
});
afterEach(async () => {
  await k.dispose();
});

async function memberId(memberNo: string): Promise<string> {
  const [m] = await k.api['members.search']({ query: memberNo });
  if (!m) throw new Error(memberNo);
  return m.id;
}

describe('group class check-in', () => {
  it("lists today's classes in the branch", async () => {
    const classes = await k.api['classes.today']({});
    expect(classes.map((c) => c.name)).toEqual(['晨间流瑜伽', '普拉提核心', '动感单车', 'HIIT 燃脂', '阴瑜伽']);
    // 07:00 Shanghai on the test day.
    expect(classes[0]?.startsAt).toBe('2026-11-22T23:00:00.000Z');
  });

  it('consumes one free class of the month and counts down', async () => {
    const id = await memberId('M000002'); // silver: 4 a month
    const [a, b] = await k.api['classes.today']({});
    const first = await k.api['classes.checkIn']({ memberId: id, sessionId: a!.id });
    expect(first).toMatchObject({ usedFreeQuota: true, quota: { monthly: 4, used: 1, remaining: 3 } });
    expect(first.session.attendees).toBe(a!.attendees + 1);
    const second = await k.api['classes.checkIn']({ memberId: id, sessionId: b!.id });
    expect(second.quota.remaining).toBe(2);
    expect((await k.api['members.panel']({ memberId: id })).classQuota.remaining).toBe(2);
    const names = k.ctx.kdb.sqlite.prepare('SELECT name FROM sync_outbox ORDER BY seq').pluck().all();
    expect(names).toEqual(['class_attendance.record', 'class_attendance.record']);
  });

  it('charges the class once the quota is used up', async () => {
    const id = await memberId('M000010'); // bronze, 2 of 2 used
    const classes = await k.api['classes.today']({});
    const r = await k.api['classes.checkIn']({ memberId: id, sessionId: classes[2]!.id });
    expect(r).toMatchObject({ usedFreeQuota: false, quota: { monthly: 2, used: 2, remaining: 0 } });
  });

  it('never runs out for Diamond', async () => {
    const id = await memberId('M000006');
    for (const c of await k.api['classes.today']({})) {
      const r = await k.api['classes.checkIn']({ memberId: id, sessionId: c.id });
      expect(r).toMatchObject({ usedFreeQuota: true, quota: { monthly: null, remaining: null } });
    }
  });

  it('starts a new quota in a new month (branch time zone)', async () => {
    const id = await memberId('M000010');
    k.clock.set('2026-11-30T16:30:00.000Z'); // 00:30 on 1 December in Shanghai
    await k.signInAs('reception'); // a week later the desk has locked itself
    expect((await k.api['members.panel']({ memberId: id })).classQuota).toEqual({ monthly: 2, used: 0, remaining: 2 });
  });

  it('refuses a second check-in to the same class and a full class, writing nothing', async () => {
    const id = await memberId('M000001');
    const [a] = await k.api['classes.today']({});
    await k.api['classes.checkIn']({ memberId: id, sessionId: a!.id });
    const before = tableCounts(k);
    await expect(k.api['classes.checkIn']({ memberId: id, sessionId: a!.id })).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'already_checked_in' }] });
    k.ctx.kdb.sqlite.prepare('UPDATE class_session SET capacity = 1 WHERE id = ?').run(a!.id);
    await expect(k.api['classes.checkIn']({ memberId: await memberId('M000002'), sessionId: a!.id })).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'full' }] });
    expect(tableCounts(k)).toEqual(before);
  });

  it('refuses a member whose membership is not active, saying why', async () => {
    const [a] = await k.api['classes.today']({});
    for (const [memberNo, status] of [['M000004', 'frozen'], ['M000003', 'expired'], ['M000009', 'not_started']] as const) {
      await expect(k.api['classes.checkIn']({ memberId: await memberId(memberNo), sessionId: a!.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        issues: [{ path: 'membership', message: status }],
      });
    }
  });

  it('refuses unknown members and classes', async () => {
    const id = await memberId('M000001');
    const none = '0190a5d2-3c4b-7def-8a12-3456789abcde';
    await expect(k.api['classes.checkIn']({ memberId: none, sessionId: none })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(k.api['classes.checkIn']({ memberId: id, sessionId: none })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
