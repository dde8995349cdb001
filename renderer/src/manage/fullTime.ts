import { secondsFormatter } from '../../../core/time/zonedTime';
import type { Locale } from '../i18n/index';

/**
 * Date and time to the second in the branch zone (2026/11/23 08:30:05), for logs and requests
 * that may be months old: the desk's own formatDateTime leaves the year out.
 */
export function formatFullDateTime(iso: string, timeZone: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return secondsFormatter(locale, timeZone).format(d);
}
