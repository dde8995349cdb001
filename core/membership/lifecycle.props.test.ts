import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../time/localDate';
import { checkFreezeWindow, freezeDays, MAX_FREEZE_DAYS, unusedFreeze, validUntilAfterFreeze, validUntilAfterUnfreeze } from './freeze';
import { planEndDate } from './plans';
import { renewalPeriod } from './renewal';

// Days from 2000 to 2099, so month ends, leap days and year ends all come up.
const dayArb = fc.integer({ min: 10_957, max: 47_482 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

/** A membership, today, and a freeze window the desk accepts. */
const bookedArb = fc
  .record({
    today: dayArb,
    startOffset: fc.integer({ min: -400, max: 30 }),
    length: fc.integer({ min: 1, max: 800 }),
    lead: fc.integer({ min: 0, max: 400 }),
    days: fc.integer({ min: 1, max: MAX_FREEZE_DAYS }),
  })
  .map(({ today, startOffset, length, lead, days }) => {
    const startsOn = addDays(today, startOffset);
    const validUntil = addDays(startsOn, length);
    const from = addDays(today > startsOn ? today : startsOn, lead);
    return { today, startsOn, validUntil, from, until: addDays(from, days - 1), days };
  })
  .filter((b) => b.from <= b.validUntil);

describe('freeze arithmetic (properties)', () => {
  it('accepts every window built inside the rules', () => {
    fc.assert(
      fc.property(bookedArb, (b) => {
        expect(checkFreezeWindow(b)).toEqual([]);
      }),
    );
  });

  it('adds exactly the window length to the last day', () => {
    fc.assert(
      fc.property(bookedArb, (b) => {
        expect(daysBetween(b.validUntil, validUntilAfterFreeze(b.validUntil, b.from, b.until))).toBe(b.days);
      }),
    );
  });

  it('freezing then unfreezing before the start restores the last day exactly', () => {
    fc.assert(
      fc.property(bookedArb, fc.integer({ min: 0, max: 400 }), (b, back) => {
        const today = addDays(b.from, -back);
        const frozen = validUntilAfterFreeze(b.validUntil, b.from, b.until);
        expect(validUntilAfterUnfreeze(frozen, b.from, b.until, today)).toBe(b.validUntil);
      }),
    );
  });

  it('unfreezing inside the window keeps only the days already frozen', () => {
    fc.assert(
      fc.property(bookedArb, fc.nat(), (b, pick) => {
        const used = pick % b.days; // days frozen before the unfreeze day
        const today = addDays(b.from, used);
        const frozen = validUntilAfterFreeze(b.validUntil, b.from, b.until);
        const after = validUntilAfterUnfreeze(frozen, b.from, b.until, today);
        expect(daysBetween(b.validUntil, after)).toBe(used);
        expect(unusedFreeze(b.from, b.until, today).days + used).toBe(freezeDays(b.from, b.until));
      }),
    );
  });

  it('refuses every window longer than the limit or starting before today', () => {
    fc.assert(
      fc.property(bookedArb, fc.integer({ min: 1, max: 500 }), (b, extra) => {
        expect(checkFreezeWindow({ ...b, until: addDays(b.from, MAX_FREEZE_DAYS - 1 + extra) }).map((i) => i.path)).toContain('until');
        expect(checkFreezeWindow({ ...b, from: addDays(b.today, -extra) }).map((i) => i.path)).toContain('from');
      }),
    );
  });
});

describe('renewal arithmetic (properties)', () => {
  const monthsArb = fc.constantFrom(1, 3, 6, 12);

  it('continues a current membership from the day after its last day, without gap or overlap', () => {
    fc.assert(
      fc.property(dayArb, fc.nat({ max: 800 }), monthsArb, (today, ahead, months) => {
        const validUntil = addDays(today, ahead);
        const { from, to } = renewalPeriod(validUntil, today, months);
        expect(from).toBe(addDays(validUntil, 1));
        expect(to).toBe(planEndDate(from, months));
      }),
    );
  });

  it('restarts a lapsed membership today', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 800 }), monthsArb, (today, lapsed, months) => {
        const { from, to } = renewalPeriod(addDays(today, -lapsed), today, months);
        expect(from).toBe(today);
        expect(to > today).toBe(true);
      }),
    );
  });

  it('always adds between 28·months and 31·months days', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -800, max: 800 }), monthsArb, (today, offset, months) => {
        const { from, to } = renewalPeriod(addDays(today, offset), today, months);
        const days = daysBetween(from, to) + 1;
        expect(days).toBeGreaterThanOrEqual(28 * months);
        expect(days).toBeLessThanOrEqual(31 * months);
      }),
    );
  });
});
