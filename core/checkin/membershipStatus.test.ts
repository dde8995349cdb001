import { describe, expect, it } from 'vitest';
import { effectiveMembershipStatus, statusOn } from './membershipStatus';

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

  describe('a recorded freeze', () => {
    const frozen = { ...m, status: 'frozen' as const, frozenFrom: '2026-03-01', frozenUntil: '2026-03-10' };
    it('is frozen only inside its window, both ends included', () => {
      expect(effectiveMembershipStatus(frozen, '2026-02-28')).toBe('active');
      expect(effectiveMembershipStatus(frozen, '2026-03-01')).toBe('frozen');
      expect(effectiveMembershipStatus(frozen, '2026-03-10')).toBe('frozen');
      expect(effectiveMembershipStatus(frozen, '2026-03-11')).toBe('active');
    });
    it('is read like active outside the window: not started, expired', () => {
      expect(effectiveMembershipStatus(frozen, '2025-12-01')).toBe('not_started');
      expect(effectiveMembershipStatus(frozen, '2027-01-01')).toBe('expired');
    });
    it('stays frozen without dates (legacy rows) or with only one of them', () => {
      expect(effectiveMembershipStatus({ ...m, status: 'frozen', frozenFrom: null, frozenUntil: null }, '2026-06-01')).toBe('frozen');
      expect(effectiveMembershipStatus({ ...m, status: 'frozen', frozenFrom: '2026-03-01', frozenUntil: null }, '2026-06-01')).toBe('frozen');
    });
    it('leaves other statuses alone whatever the dates say', () => {
      expect(statusOn({ ...frozen, status: 'cancelled' }, '2026-03-05')).toBe('cancelled');
      expect(statusOn({ ...frozen, status: 'expired' }, '2026-02-01')).toBe('expired');
      expect(statusOn(frozen, '2026-02-01')).toBe('active');
    });
  });
});
