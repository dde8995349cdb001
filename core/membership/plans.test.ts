import { describe, expect, it } from 'vitest';
import { planByCode, planEndDate, PLANS } from './plans';

describe('planEndDate', () => {
  it('ends the day before the same date months later', () => {
    expect(planEndDate('2026-11-23', 1)).toBe('2026-12-22');
    expect(planEndDate('2026-11-23', 12)).toBe('2027-11-22');
    expect(planEndDate('2026-01-01', 3)).toBe('2026-03-31');
  });
  it('clamps a start on the 31st into a shorter month', () => {
    expect(planEndDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(planEndDate('2028-01-31', 1)).toBe('2028-02-29');
    expect(planEndDate('2026-03-31', 1)).toBe('2026-04-30');
  });
  it('crosses years', () => {
    expect(planEndDate('2026-12-15', 3)).toBe('2027-03-14');
  });
});

describe('plans', () => {
  it('have unique codes and positive prices', () => {
    expect(new Set(PLANS.map((p) => p.code)).size).toBe(PLANS.length);
    for (const p of PLANS) expect(p.priceFen).toBeGreaterThan(0);
    expect(planByCode('year')?.months).toBe(12);
    expect(planByCode('nope')).toBeNull();
  });
});
