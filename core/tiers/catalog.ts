/**
 * Tier bands and benefits from the membership tier rules (会员等级评定制度, seed 002).
 * Bands are half-open: Bronze < 60 ≤ Silver < 75 ≤ Gold < 90 ≤ Diamond.
 * Each tier includes the benefits of the one below it; the table lists the effective values.
 */
export const TIER_CODES = ['bronze', 'silver', 'gold', 'diamond'] as const;
export type TierCode = (typeof TIER_CODES)[number];

export interface TierBand {
  code: TierCode;
  rank: number;
  /** Inclusive lower bound of the composite score (0–100). */
  minScore: number;
}

export const TIER_BANDS: readonly TierBand[] = [
  { code: 'bronze', rank: 1, minScore: 0 },
  { code: 'silver', rank: 2, minScore: 60 },
  { code: 'gold', rank: 3, minScore: 75 },
  { code: 'diamond', rank: 4, minScore: 90 },
];

/** Percent of list price a member pays; null where the tier has no such discount. */
export interface TierBenefits {
  /** Free group classes per calendar month; null = unlimited. */
  freeClassesPerMonth: number | null;
  courseDiscountPct: number | null;
  personalTrainingDiscountPct: number | null;
  productDiscountPct: number | null;
  /** Keys of the non-numeric perks, translated in the UI (benefit.perk.<key>). */
  perks: readonly string[];
}

const BASE_PERKS = ['basicFacilities'] as const;
const SILVER_PERKS = [...BASE_PERKS, 'priorityEquipmentBooking', 'courseAdvisor'] as const;
const GOLD_PERKS = [...SILVER_PERKS, 'privateLocker', 'customCoursePackage', 'healthNewsletter'] as const;
const DIAMOND_PERKS = [...GOLD_PERKS, 'personalCoach', 'prioritySlotsTopCoaches', 'birthdayGift', 'vipEvents'] as const;

export const TIER_BENEFITS: Readonly<Record<TierCode, TierBenefits>> = {
  bronze: { freeClassesPerMonth: 2, courseDiscountPct: null, personalTrainingDiscountPct: null, productDiscountPct: 90, perks: BASE_PERKS },
  silver: { freeClassesPerMonth: 4, courseDiscountPct: 95, personalTrainingDiscountPct: null, productDiscountPct: 85, perks: SILVER_PERKS },
  gold: { freeClassesPerMonth: 6, courseDiscountPct: 90, personalTrainingDiscountPct: 95, productDiscountPct: 80, perks: GOLD_PERKS },
  diamond: { freeClassesPerMonth: null, courseDiscountPct: 85, personalTrainingDiscountPct: 90, productDiscountPct: 75, perks: DIAMOND_PERKS },
};

export function isTierCode(value: string): value is TierCode {
  return (TIER_CODES as readonly string[]).includes(value);
}

/** The tier whose band holds the score. Scores are clamped to 0–100. */
export function tierForScore(score: number): TierCode {
  if (!Number.isFinite(score)) throw new RangeError('score must be a finite number');
  const clamped = Math.min(100, Math.max(0, score));
  let found: TierCode = 'bronze';
  for (const band of TIER_BANDS) if (clamped >= band.minScore) found = band.code;
  return found;
}

export function tierRank(code: TierCode): number {
  const band = TIER_BANDS.find((b) => b.code === code);
  if (!band) throw new RangeError(`unknown tier ${code}`);
  return band.rank;
}

export interface ClassQuota {
  /** null = unlimited */
  monthly: number | null;
  used: number;
  /** null = unlimited */
  remaining: number | null;
}

/** This month's free-class quota given the free classes already used this month. */
export function classQuota(tier: TierCode | null, usedThisMonth: number): ClassQuota {
  const monthly = tier ? TIER_BENEFITS[tier].freeClassesPerMonth : 0;
  const used = Math.max(0, Math.trunc(usedThisMonth));
  if (monthly === null) return { monthly: null, used, remaining: null };
  return { monthly, used, remaining: Math.max(0, monthly - used) };
}

/** Whether the next group class is covered by the monthly free quota. */
export function nextClassIsFree(quota: ClassQuota): boolean {
  return quota.remaining === null || quota.remaining > 0;
}
