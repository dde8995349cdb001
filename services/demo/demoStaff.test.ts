import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../core/staff/pinPolicy';
import { STAFF_ROLES } from '../../core/staff/permissions';
import { verifyPin } from '../staff/pinHash';
import { DEMO_STAFF, demoStaff } from './demoStaff';

describe('demo staff', () => {
  it('each precomputed hash matches its PIN, and every PIN passes the PIN policy', async () => {
    for (const s of DEMO_STAFF) {
      expect(pinProblem(s.pin), s.name).toBeNull();
      expect(await verifyPin(s.pin, s.pinHash), s.name).toBe(true);
    }
  });
  it('covers every role with distinct PINs', () => {
    for (const role of STAFF_ROLES) expect(demoStaff(role).role).toBe(role);
    expect(new Set(DEMO_STAFF.map((s) => s.pin)).size).toBe(DEMO_STAFF.length);
  });
});
