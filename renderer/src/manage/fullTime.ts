import type { Locale } from '../i18n/index';

const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * Date and time to the second in the branch zone (2026/11/23 08:30:05), for logs and requests
 * that may be months old: the desk's own formatDateTime leaves the year out.
 */
export function formatFullDateTime(iso: string, timeZone: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const key = `${locale}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    cache.set(key, f);
  }
  return f.format(d);
}
