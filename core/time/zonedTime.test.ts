import { describe, expect, it } from 'vitest';
import { wallTimeToInstant } from './zonedTime';

describe('wallTimeToInstant', () => {
  it('reads Shanghai wall time as UTC+8, across the date line of UTC', () => {
    expect(wallTimeToInstant('2026-11-20T14:05:09', 'Asia/Shanghai')).toBe('2026-11-20T06:05:09.000Z');
    expect(wallTimeToInstant('2026-11-21T07:30:00', 'Asia/Shanghai')).toBe('2026-11-20T23:30:00.000Z');
  });
  it('follows daylight saving where the zone has it', () => {
    expect(wallTimeToInstant('2026-01-15T12:15:00', 'America/New_York')).toBe('2026-01-15T17:15:00.000Z');
    expect(wallTimeToInstant('2026-07-01T12:15:00', 'America/New_York')).toBe('2026-07-01T16:15:00.000Z');
    expect(wallTimeToInstant('2026-03-08T03:15:00', 'America/New_York')).toBe('2026-03-08T07:15:00.000Z');
    expect(wallTimeToInstant('2026-01-15T12:15:00', 'Australia/Adelaide')).toBe('2026-01-15T01:45:00.000Z');
    expect(wallTimeToInstant('2026-07-01T12:15:00', 'Australia/Adelaide')).toBe('2026-07-01T02:45:00.000Z');
  });
  it('refuses what is not a wall time', () => {
    expect(() => wallTimeToInstant('yesterday', 'Asia/Shanghai')).toThrow(RangeError);
  });
});
