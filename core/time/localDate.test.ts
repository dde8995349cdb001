import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localParts, quarterLabel } from './localDate';

describe('localParts', () => {
  it('reads the calendar in the given zone, not the machine zone', () => {
    expect(localParts('2026-11-22T16:30:00Z', 'Asia/Shanghai')).toEqual({ date: '2026-11-23', month: '2026-11', monthDay: '11-23', hour: 0 });
    expect(localParts('2026-11-22T16:30:00Z', 'UTC').date).toBe('2026-11-22');
    expect(localParts('2026-11-30T16:00:00Z', 'Asia/Shanghai').month).toBe('2026-12');
  });
  it('refuses an invalid instant', () => {
    expect(() => localParts('not a date', 'UTC')).toThrow(RangeError);
  });
});

describe('date arithmetic', () => {
  it('counts whole days and adds them across months and leap days', () => {
    expect(daysBetween('2026-11-23', '2026-11-26')).toBe(3);
    expect(daysBetween('2026-11-23', '2026-11-20')).toBe(-3);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('quarterLabel', () => {
  it('names the quarter in the branch zone, going back across years', () => {
    expect(quarterLabel('2026-11-23T00:30:00Z', 'Asia/Shanghai')).toBe('2026-Q4');
    expect(quarterLabel('2026-11-23T00:30:00Z', 'Asia/Shanghai', 1)).toBe('2026-Q3');
    expect(quarterLabel('2026-02-01T00:00:00Z', 'Asia/Shanghai', 1)).toBe('2025-Q4');
    expect(quarterLabel('2026-02-01T00:00:00Z', 'Asia/Shanghai', 5)).toBe('2024-Q4');
    // 31 March 20:00 UTC is already 1 April in Shanghai.
    expect(quarterLabel('2026-03-31T20:00:00Z', 'Asia/Shanghai')).toBe('2026-Q2');
  });
});
