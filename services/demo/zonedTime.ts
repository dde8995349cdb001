import { wallTimeToInstant } from '../../core/time/zonedTime';

/** The instant of a wall-clock time on a date in a time zone (e.g. 07:00 in Asia/Shanghai). */
export function zonedTime(date: string, hour: number, minute: number, timeZone: string): Date {
  return new Date(wallTimeToInstant(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`, timeZone));
}
