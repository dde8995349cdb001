import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attemptsLeftBeforeLock,
  FAILURES_BEFORE_LOCK,
  INACTIVITY_LOCK_MS,
  isTrivialPin,
  MAX_LOCKOUT_MS,
  nextLockout,
  pinProblem,
} from './pinPolicy';

const sixDigits = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

describe('pinProblem', () => {
  it('accepts ordinary six-digit PINs', () => {
    for (const pin of ['482915', '907153', '102938', '000001', '135790']) expect(pinProblem(pin)).toBeNull();
  });

  it('refuses anything that is not exactly six ASCII digits', () => {
    for (const pin of ['', '12345', '1234567', '48291a', ' 482915', '482915\n', '４８２９１５', '٤٨٢٩١٥', '-48291', '4829.1']) {
      expect(pinProblem(pin)).toBe('format');
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^[0-9]{6}$/.test(s));
        expect(pinProblem(s)).toBe('format');
      }),
    );
  });

  it('refuses repeated digits and blocks, and runs up or down', () => {
    for (const pin of ['000000', '999999', '121212', '123123', '907907', '123456', '654321', '012345', '987654', '789012', '210987']) {
      expect(pinProblem(pin)).toBe('trivial');
    }
  });

  it('refuses few PINs: exactly the 1,110 periodic or run PINs of the million', () => {
    let trivial = 0;
    for (let n = 0; n < 1_000_000; n++) if (isTrivialPin(String(n).padStart(6, '0'))) trivial++;
    expect(trivial).toBe(1_110);
  });

  it('refuses every PIN made of one repeated block of length 1 to 3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), sixDigits, (period, seed) => {
        const block = seed.slice(0, period);
        expect(pinProblem(block.repeat(6 / period))).toBe('trivial');
      }),
    );
  });

  it('is decided by the digits alone', () => {
    fc.assert(
      fc.property(sixDigits, (pin) => {
        expect(pinProblem(pin)).toBe(isTrivialPin(pin) ? 'trivial' : null);
      }),
    );
  });
});

describe('nextLockout', () => {
  it('does not lock below the threshold, then 30 s, 1 min, 5 min and 15 min from then on', () => {
    expect([0, 1, 4].map(nextLockout)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 100].map(nextLockout)).toEqual([30_000, 60_000, 300_000, 900_000, 900_000, 900_000]);
    expect(FAILURES_BEFORE_LOCK).toBe(5);
    expect(MAX_LOCKOUT_MS).toBe(900_000);
  });

  it('never shrinks as failures grow, and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(nextLockout(lo)).toBeLessThanOrEqual(nextLockout(hi));
        expect(nextLockout(hi)).toBeLessThanOrEqual(MAX_LOCKOUT_MS);
        expect(nextLockout(hi) > 0).toBe(hi >= FAILURES_BEFORE_LOCK);
      }),
    );
  });

  it('treats corrupt counts as no failures rather than locking forever', () => {
    for (const n of [-1, Number.NaN, Number.NEGATIVE_INFINITY]) expect(nextLockout(n)).toBe(0);
    expect(nextLockout(Number.POSITIVE_INFINITY)).toBe(0);
    expect(nextLockout(5.9)).toBe(30_000);
  });

  it('counts down the attempts left before the lock', () => {
    expect([0, 1, 4, 5, 9].map(attemptsLeftBeforeLock)).toEqual([5, 4, 1, 0, 0]);
    fc.assert(
      fc.property(fc.nat(1000), (n) => {
        expect(attemptsLeftBeforeLock(n) === 0).toBe(nextLockout(n) > 0);
      }),
    );
  });

  it('locks an idle desk after five minutes', () => {
    expect(INACTIVITY_LOCK_MS).toBe(5 * 60_000);
  });
});
