/**
 * The period a renewal (续费) adds. Pure; dates are YYYY-MM-DD in the branch zone.
 */
import { addDays } from '../time/localDate';
import { planEndDate } from './plans';

/**
 * A membership still running (or frozen, or not started yet) is extended seamlessly from the day
 * after its last day; a lapsed one restarts today, because the days it lapsed were not paid
 * for and cannot be used any more. Both come down to max(today, validUntil + 1).
 */
export function renewalPeriod(validUntil: string, today: string, months: number): { from: string; to: string } {
  const next = addDays(validUntil, 1);
  const from = next > today ? next : today;
  return { from, to: planEndDate(from, months) };
}
