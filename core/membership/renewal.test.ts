import { describe, expect, it } from 'vitest';
import { renewalPeriod } from './renewal';

describe('renewalPeriod', () => {
  it('extends a current membership from the day after its last day', () => {
    expect(renewalPeriod('2026-12-31', '2026-11-23', 12)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(renewalPeriod('2026-11-23', '2026-11-23', 1)).toEqual({ from: '2026-11-24', to: '2026-12-23' });
  });
  it('restarts an expired membership today', () => {
    expect(renewalPeriod('2026-11-08', '2026-11-23', 3)).toEqual({ from: '2026-11-23', to: '2027-02-22' });
    expect(renewalPeriod('2026-11-22', '2026-11-23', 1)).toEqual({ from: '2026-11-23', to: '2026-12-22' });
  });
});
