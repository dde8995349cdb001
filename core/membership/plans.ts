/**
 * The plans a desk sells (会籍套餐). Prices are integer fen; a branch's real price list comes from
 * head office later, this is the chain default. Names are shown in the desk's language.
 */
export interface Plan {
  code: string;
  nameZh: string;
  nameEn: string;
  months: number;
  priceFen: number;
}

export const PLANS: readonly Plan[] = [
  { code: 'month', nameZh: '月卡', nameEn: 'Monthly', months: 1, priceFen: 39_900 },
  { code: 'quarter', nameZh: '季卡', nameEn: 'Quarterly', months: 3, priceFen: 99_900 },
  { code: 'half_year', nameZh: '半年卡', nameEn: 'Half-year', months: 6, priceFen: 179_900 },
  { code: 'year', nameZh: '年卡', nameEn: 'Annual', months: 12, priceFen: 299_900 },
  { code: 'yoga_year', nameZh: '瑜伽年卡', nameEn: 'Annual yoga', months: 12, priceFen: 359_900 },
];

export const PLAN_CODES = PLANS.map((p) => p.code) as [string, ...string[]];

export function planByCode(code: string): Plan | null {
  return PLANS.find((p) => p.code === code) ?? null;
}

/**
 * The last day of a plan started on `startsOn` (YYYY-MM-DD): the same day-of-month `months`
 * later, minus one day; a start on the 31st ending in a shorter month runs to that month's last day.
 */
export function planEndDate(startsOn: string, months: number): string {
  const [y, m, d] = startsOn.split('-').map(Number) as [number, number, number];
  const targetMonthIndex = m - 1 + months;
  const ty = y + Math.floor(targetMonthIndex / 12);
  const tm = targetMonthIndex % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  // Clamped (a start on the 31st into a 30-day month): the plan runs to that month's last day.
  const end = d > lastDay ? new Date(Date.UTC(ty, tm, lastDay)) : new Date(Date.UTC(ty, tm, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}
