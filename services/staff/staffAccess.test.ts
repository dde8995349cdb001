import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, STAFF_ROLES, type Permission, type StaffRole } from '../../core/staff/permissions';
import { openAuthKiosk, type AuthKiosk } from './authTestKit';

let k: AuthKiosk;
beforeEach(async () => {
  k = await openAuthKiosk();
});
afterEach(async () => {
  await k.dispose();
});

/** What each role must be refused: the matrix's boundaries, written out by hand. */
const REFUSED: Record<StaffRole, Permission[]> = {
  reception: ['checkin.override', 'members.revealSensitive', 'membership.refund', 'membership.cancel', 'membership.freeze', 'members.approveDeletion', 'consumption.import', 'audit.read', 'reports.read', 'complaints.escalate', 'incidents.review', 'staff.manage', 'attendance.record', 'goals.record'],
  coach: ['checkin.card', 'checkin.manual', 'checkin.override', 'members.register', 'members.edit', 'members.revealSensitive', 'cards.bind', 'membership.renew', 'membership.refund', 'consumption.record', 'complaints.take', 'audit.read', 'staff.manage'],
  manager: ['staff.manage', 'attendance.record', 'goals.record'],
  headoffice: ['attendance.record', 'goals.record'],
};

describe('require() enforces the role matrix', () => {
  it.each(STAFF_ROLES)('%s: allowed exactly its permissions, refused the rest with FORBIDDEN', async (role) => {
    const id = k.staffOfRole(role);
    await k.auth.setPin(id, '590172', null);
    const r = await k.auth.signIn(id, '590172');
    expect(r).toMatchObject({ ok: true, session: { role } });
    for (const p of REFUSED[role]) {
      expect(() => k.auth.require(p), `${role} ${p}`).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
    for (const p of PERMISSIONS) {
      if (can(role, p)) expect(k.auth.require(p)).toMatchObject({ staffId: id, role });
      else expect(() => k.auth.require(p), `${role} ${p}`).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
  });
});

describe('PIN secrecy', () => {
  /** Every byte SQLite has on disk for this kiosk: the database, its WAL and shared memory. */
  const diskBytes = () =>
    Buffer.concat(
      readdirSync(k.kiosk.dir)
        .filter((f) => f.startsWith('kiosk.sqlite'))
        .map((f) => readFileSync(join(k.kiosk.dir, f))),
    );
  const auditText = () => (k.kiosk.ctx.kdb.sqlite.prepare('SELECT * FROM audit_log').all() as Record<string, unknown>[]).map((r) => JSON.stringify(r)).join('\n');

  it('never stores or logs a PIN in plaintext', async () => {
    const pins = ['482915', '482916'];
    // The demo data is random: prove the digits are absent before, so a hit after is ours.
    for (const pin of pins) expect(diskBytes().includes(pin)).toBe(false);
    const wang = k.staffId('王芳');
    await k.auth.setPin(wang, '482915', wang);
    for (let i = 0; i < 5; i++) await k.auth.signIn(wang, '482916');
    k.clock.advance(30_000);
    expect(await k.auth.signIn(wang, '482915')).toMatchObject({ ok: true });
    k.auth.signOut();
    expect(k.auditRows().length).toBeGreaterThan(5);
    for (const text of [diskBytes(), auditText()]) for (const pin of pins) expect(text.includes(pin)).toBe(false);
    // The scan does see the staff rows: the stored hash is found, before and after a checkpoint.
    const stored = k.staffRow(wang).pin_hash!;
    expect(stored).toMatch(/^scrypt\$/);
    expect(diskBytes().includes(stored)).toBe(true);
    k.kiosk.ctx.kdb.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const pin of pins) expect(diskBytes().includes(pin)).toBe(false);
    expect(diskBytes().includes(stored)).toBe(true);
  });

  it('spends a real hash on an unknown staff id, like on a wrong PIN', async () => {
    const wang = k.staffId('王芳');
    await k.auth.setPin(wang, '482915', null);
    const time = async (staffId: string) => {
      const start = performance.now();
      const r = await k.auth.signIn(staffId, '590172');
      return { ms: performance.now() - start, reason: r.ok ? 'ok' : r.reason };
    };
    // A lookup and an audit row take well under a millisecond; scrypt at 2^15 takes tens.
    const unknown = await time('no-such-staff');
    const wrong = await time(wang);
    expect(unknown.reason).toBe('unknown_staff');
    expect(wrong.reason).toBe('wrong_pin');
    expect(unknown.ms).toBeGreaterThan(5);
    expect(wrong.ms).toBeGreaterThan(5);
  });
});
