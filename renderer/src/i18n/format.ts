import type { Locale } from './index';

/**
 * Dates and times for the desk. Instants are shown in the branch's time zone (from desk.info),
 * never the PC's: a desk PC left on UTC must still say 08:30 for an 08:30 Shanghai check-in.
 * Calendar dates (YYYY-MM-DD membership dates) have no zone and are shown as they are.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions, tag: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${tag}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

function valid(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 08:30 */
export function formatTime(iso: string, timeZone: string, locale: Locale): string {
  const d = valid(iso);
  if (!d) return iso;
  return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'time').format(d);
}

/** 08:30:05, for the queue of taps where several land in one minute. */
export function formatTimeSeconds(iso: string | Date, timeZone: string, locale: Locale): string {
  const d = typeof iso === 'string' ? valid(iso) : iso;
  if (!d) return String(iso);
  return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, 'time-s').format(d);
}

/** 11/21 08:30 (zh) or 21 Nov, 08:30 (en): recent visits. */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  const d = valid(iso);
  if (!d) return iso;
  const opts: Intl.DateTimeFormatOptions =
    locale === 'zh-CN'
      ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return formatter(locale, timeZone, opts, 'datetime').format(d);
}

/** The header clock: 11月23日 周一 08:30:05 / Mon 23 Nov 08:30:05. */
export function formatClock(date: Date, timeZone: string, locale: Locale): string {
  return formatter(
    locale,
    timeZone,
    { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
    'clock',
  ).format(date);
}

/** Membership dates: 2026-11-26 in Chinese (how front desks write them), 26 Nov 2026 in English. */
export function formatCalendarDate(date: string, locale: Locale): string {
  if (locale === 'zh-CN') return date;
  const d = valid(`${date}T00:00:00Z`);
  if (!d) return date;
  return formatter(locale, 'UTC', { day: 'numeric', month: 'short', year: 'numeric' }, 'date').format(d);
}

/**
 * The number a discount is spoken with. Chinese says the price paid in tenths (折): 90% → 9折,
 * 95% → 95折, 85% → 85折, 75% → 75折. English says what is taken off: 90% → 10% off.
 */
export function discountValue(pctOfList: number, locale: Locale): string {
  if (locale === 'zh-CN') return pctOfList % 10 === 0 ? String(pctOfList / 10) : String(pctOfList);
  return String(100 - pctOfList);
}

/** Avatar initials: the surname character for Chinese names, first letters for Latin ones. */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/^[\p{Script=Han}]/u.test(trimmed)) return [...trimmed][0] ?? '?';
  const words = trimmed.split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('');
}
