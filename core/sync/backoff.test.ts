import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffCeilingMs, backoffDelayMs } from './backoff';

describe('full-jitter back-off', () => {
  it('doubles from 1 s and stops at 5 min', () => {
    expect([1, 2, 3, 4].map((n) => backoffCeilingMs(n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffCeilingMs(9)).toBe(256_000);
    expect(backoffCeilingMs(10)).toBe(BACKOFF_CAP_MS);
    expect(backoffCeilingMs(10_000)).toBe(BACKOFF_CAP_MS);
  });

  it('draws uniformly below the ceiling, never zero, never above the cap', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(1);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2_000);
    expect(backoffDelayMs(3, () => 0.999_999)).toBeLessThan(4_000);
    for (let n = 1; n < 200; n++) expect(backoffDelayMs(n, Math.random)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it('honours custom limits and refuses nonsense', () => {
    expect(backoffCeilingMs(5, { baseMs: 10, capMs: 50 })).toBe(50);
    expect(() => backoffCeilingMs(0)).toThrow(RangeError);
    expect(() => backoffDelayMs(1, () => 1)).toThrow(RangeError);
  });
});
