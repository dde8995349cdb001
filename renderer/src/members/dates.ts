import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { localParts } from '../../../core/time/localDate';
import type { Locale } from '../i18n';
import { formatCalendarDate, formatTime } from '../i18n/format';
import { useDesk } from '../state/DeskContext';

/**
 * "Today" as the services see it: the branch's calendar day on the services' clock (which may be
 * pinned or corrected), so date limits and previews agree with what the services will check.
 */
export function useBranchToday(): string {
  const { timeZone, clockOffsetMs } = useDesk();
  const [now, setNow] = useState(() => Date.now());
  // A page left open over midnight moves on to the new day (checked each minute).
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return localParts(new Date(now + clockOffsetMs), timeZone).date;
}

/** The branch calendar day of an instant, shown as a date (2026-11-23 / 23 Nov 2026). */
export function formatInstantDate(iso: string, timeZone: string, locale: Locale): string {
  try {
    return formatCalendarDate(localParts(iso, timeZone).date, locale);
  } catch {
    return iso;
  }
}

/** Date and time of an instant in the branch zone, with the year (history lists span years). */
export function formatInstantDateTime(iso: string, timeZone: string, locale: Locale): string {
  return `${formatInstantDate(iso, timeZone, locale)} ${formatTime(iso, timeZone, locale)}`;
}

/** A YYYY-MM-DD date as the value of a date picker, and back. */
export function toPickerValue(date: string): Dayjs {
  return dayjs(date);
}

export function fromPickerValue(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}
