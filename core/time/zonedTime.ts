/**
 * A branch wall-clock time ('YYYY-MM-DDTHH:mm:ss', no zone) → the UTC instant, as the store keeps
 * it, without a date library: guess as UTC, correct by the zone's offset, one more step around a
 * DST change. The formatter is cached per zone: an import converts up to 50,000 times, and
 * building an Intl.DateTimeFormat each time cost seconds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
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
