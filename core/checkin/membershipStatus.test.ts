import { describe, expect, it } from 'vitest';
import { effectiveMembershipStatus } from './membershipStatus';

describe('effectiveMembershipStatus', () => {
  const m = { status: 'active' as const, startsOn: '2026-01-01', validUntil: '2026-12-31' };
  it('reads dates only for an active membership, counting both end days as valid', () => {
    expect(effectiveMembershipStatus(m, '2026-01-01')).toBe('active');
    expect(effectiveMembershipStatus(m, '2026-12-31')).toBe('active');
    expect(effectiveMembershipStatus(m, '2027-01-01')).toBe('expired');
    expect(effectiveMembershipStatus(m, '2025-12-31')).toBe('not_started');
    expect(effectiveMembershipStatus({ ...m, status: 'frozen' }, '2027-06-01')).toBe('frozen');
    expect(effectiveMembershipStatus({ ...m, status: 'cancelled' }, '2026-06-01')).toBe('cancelled');
  });
});
