import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIER_BENEFITS, TIER_CODES, classQuota, nextClassIsFree, tierForScore, tierRank } from './catalog';

describe('tierForScore', () => {
  it('uses half-open bands Bronze < 60 ≤ Silver < 75 ≤ Gold < 90 ≤ Diamond', () => {
    expect(tierForScore(0)).toBe('bronze');
    expect(tierForScore(59.99)).toBe('bronze');
    expect(tierForScore(60)).toBe('silver');
    expect(tierForScore(74.99)).toBe('silver');
    expect(tierForScore(75)).toBe('gold');
    expect(tierForScore(89.99)).toBe('gold');
    expect(tierForScore(90)).toBe('diamond');
    expect(tierForScore(100)).toBe('diamond');
  });

  it('is monotonic in the score', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 150, noNaN: true }), fc.double({ min: -50, max: 150, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(tierRank(tierForScore(lo))).toBeLessThanOrEqual(tierRank(tierForScore(hi)));
      }),
    );
  });

  it('refuses a non-finite score', () => {
    expect(() => tierForScore(Number.NaN)).toThrow(RangeError);
  });
});

describe('benefits', () => {
  it('follows the seed table', () => {
    expect(TIER_BENEFITS.bronze.freeClassesPerMonth).toBe(2);
    expect(TIER_BENEFITS.silver.freeClassesPerMonth).toBe(4);
    expect(TIER_BENEFITS.gold.freeClassesPerMonth).toBe(6);
    expect(TIER_BENEFITS.diamond.freeClassesPerMonth).toBeNull();
    expect(TIER_BENEFITS.silver.courseDiscountPct).toBe(95);
    expect(TIER_BENEFITS.diamond.personalTrainingDiscountPct).toBe(90);
    expect(TIER_BENEFITS.bronze.productDiscountPct).toBe(90);
    expect(TIER_BENEFITS.diamond.productDiscountPct).toBe(75);
  });

  it('each tier includes every perk of the tier below', () => {
    for (let i = 1; i < TIER_CODES.length; i++) {
      const lower = TIER_BENEFITS[TIER_CODES[i - 1]!].perks;
      const upper = TIER_BENEFITS[TIER_CODES[i]!].perks;
      for (const perk of lower) expect(upper).toContain(perk);
    }
  });
});

describe('classQuota', () => {
  it('counts down and never goes negative', () => {
    expect(classQuota('silver', 0)).toEqual({ monthly: 4, used: 0, remaining: 4 });
    expect(classQuota('silver', 5)).toEqual({ monthly: 4, used: 5, remaining: 0 });
    expect(nextClassIsFree(classQuota('bronze', 2))).toBe(false);
  });

  it('is unlimited for Diamond and zero without a tier', () => {
    expect(classQuota('diamond', 40)).toEqual({ monthly: null, used: 40, remaining: null });
    expect(nextClassIsFree(classQuota('diamond', 40))).toBe(true);
    expect(classQuota(null, 0)).toEqual({ monthly: 0, used: 0, remaining: 0 });
  });
});
