/**
 * Date arithmetic of a membership freeze (暂停). Pure; dates are YYYY-MM-DD in the branch zone and
 * both ends of a window count. A freeze moves the last day out by its length so the member keeps
 * every paid day; ending it early hands back the days not used.
 */
import { addDays, daysBetween } from '../time/localDate';

/** The longest freeze the desk may book at once; longer breaks are a head-office decision. */
export const MAX_FREEZE_DAYS = 90;

export interface DateIssue {
  path: string;
  message: string;
}

export function isIsoDate(text: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** Days in [from, until], both included. */
export function freezeDays(from: string, until: string): number {
  return daysBetween(from, until) + 1;
}

/**
 * What is wrong with a requested window, empty when nothing. The window must lie in the
 * membership's own days: a freeze before its start or after its end would hand out days that
 * were never paid for.
 */
export function checkFreezeWindow(w: { from: string; until: string; today: string; startsOn: string; validUntil: string }): DateIssue[] {
  const issues: DateIssue[] = [];
  if (!isIsoDate(w.from)) issues.push({ path: 'from', message: 'must be a YYYY-MM-DD date' });
  if (!isIsoDate(w.until)) issues.push({ path: 'until', message: 'must be a YYYY-MM-DD date' });
  if (issues.length > 0) return issues;
  if (w.from < w.today) issues.push({ path: 'from', message: 'must be today or later' });
  if (w.from < w.startsOn) issues.push({ path: 'from', message: 'must be on or after the day the membership starts' });
  if (w.from > w.validUntil) issues.push({ path: 'from', message: "must be on or before the membership's last day" });
  if (w.until < w.from) issues.push({ path: 'until', message: 'must be on or after the first frozen day' });
  else if (freezeDays(w.from, w.until) > MAX_FREEZE_DAYS) issues.push({ path: 'until', message: `a freeze lasts at most ${MAX_FREEZE_DAYS} days` });
  return issues;
}

/** The last day after freezing [from, until]: moved out by the freeze's length. */
export function validUntilAfterFreeze(validUntil: string, from: string, until: string): string {
  return addDays(validUntil, freezeDays(from, until));
}

/**
 * The days an unfreeze on `today` hands back: from max(today, frozenFrom) to frozenUntil. Today
 * itself is returned (the member may train today); before the start, the whole window is.
 */
export function unusedFreeze(frozenFrom: string, frozenUntil: string, today: string): { from: string; until: string; days: number } {
  const from = today > frozenFrom ? today : frozenFrom;
  return { from, until: frozenUntil, days: Math.max(0, freezeDays(from, frozenUntil)) };
}

/** The last day after ending the freeze on `today`: pulled back by the unused days. */
export function validUntilAfterUnfreeze(validUntil: string, frozenFrom: string, frozenUntil: string, today: string): string {
  return addDays(validUntil, -unusedFreeze(frozenFrom, frozenUntil, today).days);
}
