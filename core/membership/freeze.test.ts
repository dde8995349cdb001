import { describe, expect, it } from 'vitest';
import { checkFreezeWindow, freezeDays, isIsoDate, MAX_FREEZE_DAYS, unusedFreeze, validUntilAfterFreeze, validUntilAfterUnfreeze } from './freeze';

const membership = { today: '2026-11-23', startsOn: '2026-01-01', validUntil: '2026-12-31' };
const paths = (from: string, until: string, m = membership) => checkFreezeWindow({ ...m, from, until }).map((i) => i.path);

describe('checkFreezeWindow', () => {
  it('accepts a window from today, a single day, and exactly the longest freeze', () => {
    expect(paths('2026-11-23', '2026-11-23')).toEqual([]);
    expect(paths('2026-11-24', '2026-12-10')).toEqual([]);
    expect(freezeDays('2026-11-23', '2027-02-20')).toBe(MAX_FREEZE_DAYS);
    expect(paths('2026-11-23', '2027-02-20')).toEqual([]);
  });
  it('refuses a start in the past, an end before the start, and a freeze over the limit', () => {
    expect(paths('2026-11-22', '2026-11-30')).toEqual(['from']);
    expect(paths('2026-11-25', '2026-11-24')).toEqual(['until']);
    expect(paths('2026-11-23', '2027-02-21')).toEqual(['until']);
  });
  it('keeps the window inside the membership', () => {
    expect(paths('2027-01-01', '2027-01-05')).toEqual(['from']);
    expect(paths('2026-11-25', '2026-11-30', { ...membership, startsOn: '2026-11-26' })).toEqual(['from']);
    expect(paths('2026-11-26', '2026-11-30', { ...membership, startsOn: '2026-11-26' })).toEqual([]);
  });
  it('refuses what is not a calendar date', () => {
    expect(paths('2026-02-30', '2026-03-01')).toEqual(['from']);
    expect(paths('2026-12-01', 'soon')).toEqual(['until']);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
});

describe('freeze and unfreeze arithmetic', () => {
  it('moves the last day out by the freeze length, both ends counted', () => {
    expect(validUntilAfterFreeze('2026-12-31', '2026-12-01', '2026-12-10')).toBe('2027-01-10');
    expect(validUntilAfterFreeze('2026-12-31', '2026-12-01', '2026-12-01')).toBe('2027-01-01');
  });
  it('hands back the whole window before it starts, the rest from today while it runs', () => {
    expect(unusedFreeze('2026-12-01', '2026-12-10', '2026-11-23')).toEqual({ from: '2026-12-01', until: '2026-12-10', days: 10 });
    expect(unusedFreeze('2026-12-01', '2026-12-10', '2026-12-04')).toEqual({ from: '2026-12-04', until: '2026-12-10', days: 7 });
    expect(unusedFreeze('2026-12-01', '2026-12-10', '2026-12-10')).toEqual({ from: '2026-12-10', until: '2026-12-10', days: 1 });
    expect(unusedFreeze('2026-12-01', '2026-12-10', '2026-12-11').days).toBe(0);
    // Frozen 1–3 December (three days used), unfrozen on the 4th: three days stay added.
    expect(validUntilAfterUnfreeze('2027-01-10', '2026-12-01', '2026-12-10', '2026-12-04')).toBe('2027-01-03');
  });
});
