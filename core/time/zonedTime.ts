/**
 * A branch wall-clock time ('YYYY-MM-DDTHH:mm:ss', no zone) → the UTC instant, as the store keeps
 * it, without a date library: guess as UTC, correct by the zone's offset, one more step around a
 * DST change. The formatter is cached per zone: an import converts up to 50,000 times, and
 * building an Intl.DateTimeFormat each time cost seconds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Year to second, 24-hour, in `timeZone`, one cached formatter per locale and zone: the offset
 * maths below reads its parts ('en-US'), and screens show it (e.g. 2026/11/23 08:30:05).
 */
export function secondsFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(key, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = secondsFormatter('en-US', timeZone).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

export function wallTimeToInstant(local: string, timeZone: string): string {
  const guess = Date.parse(`${local}Z`);
  if (Number.isNaN(guess)) throw new RangeError('wall time must be YYYY-MM-DDTHH:mm:ss');
  const first = guess - zoneOffsetMs(guess, timeZone);
  return new Date(guess - zoneOffsetMs(first, timeZone)).toISOString();
}
