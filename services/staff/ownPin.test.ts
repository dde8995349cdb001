import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoStaff } from '../demo/demoStaff';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
});
afterEach(async () => {
  await k.dispose();
});

const idOf = (name: string) => k.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(name) as string;

describe('changing one’s own PIN at the desk', () => {
  it('needs the current PIN, counted like a sign-in attempt', async () => {
    const me = idOf(demoStaff('reception').name);
    await expect(k.api['staff.setPin']({ staffId: me, pin: '482915' })).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'currentPin' }] });
    await expect(k.api['staff.setPin']({ staffId: me, pin: '482915', currentPin: '000001' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(k.ctx.kdb.sqlite.prepare('SELECT failed_attempts FROM staff WHERE id = ?').pluck().get(me)).toBe(1);
    await k.api['staff.setPin']({ staffId: me, pin: '482915', currentPin: demoStaff('reception').pin });
    k.ctx.auth.signOut();
    expect((await k.api['staff.signIn']({ staffId: me, pin: '482915' })).ok).toBe(true);
  });

  it('lets head office set another’s PIN without it, and refuses reception doing so', async () => {
    const coach = idOf(demoStaff('coach').name);
    await expect(k.api['staff.setPin']({ staffId: coach, pin: '482915' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await k.signInAs('headoffice');
    await k.api['staff.setPin']({ staffId: coach, pin: '482915' });
  });
});
