import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/contract/errors';
import { personalDataProblem } from '../audit/detailsGuard';
import { verifyAuditLog } from '../audit/verifyAuditLog';
import { openAuthKiosk, type AuthKiosk } from './authTestKit';
import { hashPin } from './pinHash';

const PIN = '482915';
const WRONG = '907153';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

let k: AuthKiosk;
let wang: string; // 王芳, reception
beforeEach(async () => {
  k = await openAuthKiosk();
  wang = k.staffId('王芳');
  await k.auth.setPin(wang, PIN, null);
});
afterEach(async () => {
  await k.dispose();
});

const rejectsWith = async (promise: Promise<unknown>, code: string) => {
  await expect(promise).rejects.toBeInstanceOf(KioskError);
  await expect(promise).rejects.toMatchObject({ code });
};

describe('setPin', () => {
  it('stores a scrypt hash, dates it, and audits who set it', async () => {
    const row = k.staffRow(wang);
    expect(row.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.pin_set_at).toBe(k.clock.now().toISOString());
    expect(k.auditRows('staff.setPin')).toEqual([{ actor_type: 'system', actor_id: null, action: 'staff.setPin', entity_id: wang, details: '{"self":false}' }]);
  });

  it('refuses trivial and malformed PINs and writes nothing', async () => {
    const li = k.staffId('李娜');
    for (const pin of ['111111', '123456', '654321', '121212', '12345', '48291a', '４８２９１５']) {
      const attempt = k.auth.setPin(li, pin, null);
      await rejectsWith(attempt, 'INVALID_INPUT');
      await attempt.catch((e: Error) => expect(e.message).not.toContain(pin));
    }
    expect(k.staffRow(li).pin_hash).toBeNull();
    expect(k.auditRows('staff.setPin')).toHaveLength(1);
  });

  it('lets staff set their own PIN, and only staff.manage set someone else’s', async () => {
    const li = k.staffId('李娜');
    const zhang = k.staffId('张伟'); // manager: no staff.manage
    const boss = k.staffId('王总'); // head office
    await rejectsWith(k.auth.setPin(li, '590172', wang), 'FORBIDDEN');
    await rejectsWith(k.auth.setPin(li, '590172', zhang), 'FORBIDDEN');
    await rejectsWith(k.auth.setPin(li, '590172', 'no-such-staff'), 'FORBIDDEN');
    expect(k.staffRow(li).pin_hash).toBeNull();
    await k.auth.setPin(li, '590172', li);
    await k.auth.setPin(zhang, '318406', boss);
    await rejectsWith(k.auth.setPin('no-such-staff', '590172', null), 'NOT_FOUND');
    expect(k.auditRows('staff.setPin').slice(1).map((r) => [r.actor_id, r.entity_id, r.details])).toEqual([
      [li, li, '{"self":true}'],
      [boss, zhang, '{"self":false}'],
    ]);
  });

  it('clears a lockout: whoever set the PIN vouched for the holder', async () => {
    for (let i = 0; i < 5; i++) await k.auth.signIn(wang, WRONG);
    expect(k.staffRow(wang).locked_until).not.toBeNull();
    await k.auth.setPin(wang, '590172', null);
    expect(k.staffRow(wang)).toMatchObject({ failed_attempts: 0, locked_until: null });
    expect(await k.auth.signIn(wang, '590172')).toMatchObject({ ok: true });
  });
});

describe('signIn', () => {
  it('opens a desk session and audits it', async () => {
    const r = await k.auth.signIn(wang, PIN);
    const now = k.clock.now().toISOString();
    expect(r).toEqual({ ok: true, session: { id: expect.any(String), staffId: wang, name: '王芳', role: 'reception', signedInAt: now, lastActiveAt: now } });
    expect(k.auth.current()).toEqual(r.ok ? r.session : null);
    const [row] = k.auditRows('staff.signIn');
    expect(row).toMatchObject({ actor_type: 'staff', actor_id: wang, entity_id: wang });
    expect(JSON.parse(row!.details)).toEqual({ sessionId: r.ok ? r.session.id : null, rehashed: false });
  });

  it('counts wrong PINs down, then locks for 30 s, 1 min, 5 min and 15 min from then on', async () => {
    for (const left of [4, 3, 2, 1]) expect(await k.auth.signIn(wang, WRONG)).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeftBeforeLock: left });
    const steps = [30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 15 * MINUTE];
    for (const [i, lockMs] of steps.entries()) {
      const retryAt = new Date(k.clock.now().getTime() + lockMs).toISOString();
      expect(await k.auth.signIn(wang, WRONG)).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeftBeforeLock: 0, retryAt });
      expect(k.staffRow(wang)).toMatchObject({ failed_attempts: 5 + i, locked_until: retryAt });
      // During the lock even the right PIN is refused, unchecked, and the lock is not extended.
      k.clock.advance(lockMs - 1);
      for (const pin of [WRONG, PIN]) expect(await k.auth.signIn(wang, pin)).toEqual({ ok: false, reason: 'locked', retryAt });
      expect(k.staffRow(wang)).toMatchObject({ failed_attempts: 5 + i, locked_until: retryAt });
      k.clock.advance(1);
    }
    expect(k.auditRows('staff.lockout').map((r) => JSON.parse(r.details) as unknown)).toEqual(
      steps.map((lockMs, i) => ({ failedAttempts: 5 + i, lockMs })),
    );
    expect(k.auditRows('staff.signInFailed').filter((r) => r.details.includes('"locked"'))).toHaveLength(10);
    expect(k.auth.current()).toBeNull();
  });

  it('lets the staff member in once the lock expires, and success resets the count', async () => {
    for (let i = 0; i < 5; i++) await k.auth.signIn(wang, WRONG);
    expect(await k.auth.signIn(wang, PIN)).toMatchObject({ ok: false, reason: 'locked' });
    k.clock.advance(30 * SECOND);
    expect(await k.auth.signIn(wang, PIN)).toMatchObject({ ok: true });
    expect(k.staffRow(wang)).toMatchObject({ failed_attempts: 0, locked_until: null });
    for (const left of [4, 3, 2]) expect(await k.auth.signIn(wang, WRONG)).toMatchObject({ attemptsLeftBeforeLock: left });
    expect(await k.auth.signIn(wang, PIN)).toMatchObject({ ok: true });
    expect(await k.auth.signIn(wang, WRONG)).toMatchObject({ attemptsLeftBeforeLock: 4 });
  });

  it('runs concurrent attempts one at a time, so racing them cannot skip the lockout', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => k.auth.signIn(wang, WRONG)));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([...Array<string>(5).fill('wrong_pin'), 'locked', 'locked', 'locked']);
    expect(k.staffRow(wang).failed_attempts).toBe(5);
  });

  it('tells unknown, inactive and PIN-less staff apart from a wrong PIN only by reason', async () => {
    expect(await k.auth.signIn('no-such-staff', PIN)).toEqual({ ok: false, reason: 'unknown_staff' });
    const liu = k.staffId('刘洋');
    k.kiosk.ctx.kdb.sqlite.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(liu);
    expect(await k.auth.signIn(liu, PIN)).toEqual({ ok: false, reason: 'unknown_staff' });
    expect(await k.auth.signIn(k.staffId('李娜'), PIN)).toEqual({ ok: false, reason: 'no_pin' });
    const failed = k.auditRows('staff.signInFailed');
    expect(failed.map((r) => [r.actor_id, JSON.parse(r.details) as unknown])).toEqual([
      [null, { reason: 'unknown_staff', failedAttempts: null }],
      [null, { reason: 'unknown_staff', failedAttempts: null }],
      [k.staffId('李娜'), { reason: 'no_pin', failedAttempts: null }],
    ]);
  });

  it('refuses a malformed PIN before looking anyone up', async () => {
    await rejectsWith(k.auth.signIn(wang, '4829'), 'INVALID_INPUT');
    await rejectsWith(k.auth.signIn('no-such-staff', '4829'), 'INVALID_INPUT');
    expect(k.staffRow(wang).failed_attempts).toBe(0);
  });

  it('upgrades a hash made with older parameters at the next successful sign-in', async () => {
    const old = await hashPin(PIN, { N: 2 ** 14, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });
    k.kiosk.ctx.kdb.sqlite.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(old, wang);
    const setAt = k.staffRow(wang).pin_set_at;
    expect(await k.auth.signIn(wang, PIN)).toMatchObject({ ok: true });
    expect(k.staffRow(wang).pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(k.staffRow(wang).pin_set_at).toBe(setAt);
    expect(k.auditRows('staff.signIn')[0]?.details).toContain('"rehashed":true');
  });

  it('surfaces a corrupt stored hash instead of counting it as a wrong PIN', async () => {
    k.kiosk.ctx.kdb.sqlite.prepare("UPDATE staff SET pin_hash = 'scrypt$1$1$1$x$y' WHERE id = ?").run(wang);
    await expect(k.auth.signIn(wang, PIN)).rejects.toThrow(/malformed/);
    expect(k.staffRow(wang).failed_attempts).toBe(0);
    // The queue keeps working after a failed task.
    expect(await k.auth.signIn('no-such-staff', PIN)).toMatchObject({ reason: 'unknown_staff' });
  });
});

describe('the desk session', () => {
  it('locks after five idle minutes, until the same or another staff member signs in', async () => {
    const r = await k.auth.signIn(wang, PIN);
    if (!r.ok) throw new Error('sign-in failed');
    k.clock.advance(5 * MINUTE - 1);
    expect(k.auth.touch(r.session.id)).toBe(true);
    k.clock.advance(5 * MINUTE - 1);
    expect(k.auth.current()?.lastActiveAt).toBe(new Date(k.clock.now().getTime() - (5 * MINUTE - 1)).toISOString());
    k.clock.advance(1);
    expect(k.auth.current()).toBeNull();
    expect(k.auth.deskState()).toMatchObject({ status: 'locked', staffId: wang, name: '王芳', role: 'reception' });
    expect(k.auth.touch(r.session.id)).toBe(false);
    expect(() => k.auth.require('checkin.card')).toThrow(expect.objectContaining({ code: 'NO_STAFF_ON_DUTY', message: expect.stringMatching(/locked/) }));
    expect(k.auth.lockIfIdle(k.clock.now())).toBe(false);
    expect(k.auditRows('staff.deskLock')).toHaveLength(1);
    expect(JSON.parse(k.auditRows('staff.deskLock')[0]!.details)).toEqual({ sessionId: r.session.id, reason: 'idle', idleSeconds: 300 });

    const zhang = k.staffId('张伟');
    await k.auth.setPin(zhang, '318406', zhang);
    const second = await k.auth.signIn(zhang, '318406');
    expect(k.auth.require('membership.refund')).toEqual(second.ok ? second.session : null);
    expect(JSON.parse(k.auditRows('staff.signOut')[0]!.details)).toEqual({ sessionId: r.session.id, reason: 'replaced' });
  });

  it('records a months-long idle span without tripping the audit guard', async () => {
    await k.auth.signIn(wang, PIN);
    const idleMs = 13_800_000_000; // ~160 days; as digits, "13800000000" is shaped like a mobile
    expect(personalDataProblem(String(idleMs))).toBe('mobile');
    k.clock.advance(idleMs);
    expect(k.auth.current()).toBeNull();
    expect(JSON.parse(k.auditRows('staff.deskLock')[0]!.details)).toMatchObject({ idleSeconds: 13_800_000 });
  });

  it('a card tap (require) is not activity; lockIfIdle locks on a timer', async () => {
    await k.auth.signIn(wang, PIN);
    k.clock.advance(4 * MINUTE);
    k.auth.require('checkin.card');
    expect(k.auth.lockIfIdle(new Date(k.clock.now().getTime() + MINUTE))).toBe(true);
    expect(k.auth.deskState().status).toBe('locked');
  });

  it('locks on demand and signs out', async () => {
    const r = await k.auth.signIn(wang, PIN);
    k.auth.lock();
    expect(k.auth.deskState().status).toBe('locked');
    k.auth.signOut();
    expect(k.auth.deskState()).toEqual({ status: 'signedOut' });
    expect(() => k.auth.require('checkin.card')).toThrow(expect.objectContaining({ code: 'NO_STAFF_ON_DUTY', message: expect.stringMatching(/no staff/) }));
    k.auth.signOut(); // nothing to end: no second audit row
    expect(k.auditRows().map((a) => a.action)).toEqual(['staff.setPin', 'staff.signIn', 'staff.deskLock', 'staff.signOut']);
    expect(JSON.parse(k.auditRows('staff.signOut')[0]!.details)).toEqual({ sessionId: r.ok ? r.session.id : null, reason: 'signOutWhileLocked' });
    expect(verifyAuditLog(k.kiosk.ctx.kdb.sqlite)).toMatchObject({ ok: true, entries: 4 });
  });
});
