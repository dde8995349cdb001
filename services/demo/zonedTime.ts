/**
 * The instant of a wall-clock time on a date in a time zone (e.g. 07:00 in Asia/Shanghai),
 * without a date library: guess as UTC, then correct by the zone's offset at that instant.
 */
export function zonedTime(date: string, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const offset = zoneOffsetMs(new Date(guess), timeZone);
  const first = guess - offset;
  // Around a DST change the offset at the corrected instant may differ; one more step settles it.
  return new Date(guess - zoneOffsetMs(new Date(first), timeZone));
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
