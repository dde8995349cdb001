import { describe, expect, it } from 'vitest';
import { zonedTime } from '../demo/zonedTime';
import { wallTimeToInstant } from './wallTime';

describe('wallTimeToInstant', () => {
  it('reads Shanghai wall time as UTC+8, across the date line of UTC', () => {
    expect(wallTimeToInstant('2026-11-20T14:05:09', 'Asia/Shanghai')).toBe('2026-11-20T06:05:09.000Z');
    expect(wallTimeToInstant('2026-11-21T07:30:00', 'Asia/Shanghai')).toBe('2026-11-20T23:30:00.000Z');
  });
  it('agrees with the demo helper, also in a zone with daylight saving', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Australia/Adelaide']) {
      for (const date of ['2026-01-15', '2026-03-08', '2026-07-01', '2026-11-01']) {
        for (const hour of [0, 1, 2, 3, 12, 23]) {
          const local = `${date}T${String(hour).padStart(2, '0')}:15:00`;
          expect(wallTimeToInstant(local, zone), `${zone} ${local}`).toBe(zonedTime(date, hour, 15, zone).toISOString());
        }
      }
    }
  });
  it('refuses what is not a wall time', () => {
    expect(() => wallTimeToInstant('yesterday', 'Asia/Shanghai')).toThrow(RangeError);
  });
});
