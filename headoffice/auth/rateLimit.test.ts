import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rateLimit';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const b = new TokenBuckets({ burst: 3, perSecond: 0.5 });
    expect([b.take('a', 0), b.take('a', 0), b.take('a', 0)]).toEqual([0, 0, 0]);
    expect(b.take('a', 0)).toBe(2);
    // Other keys have their own bucket.
    expect(b.take('b', 0)).toBe(0);
  });

  it('refills with time, never above the burst', () => {
    const b = new TokenBuckets({ burst: 2, perSecond: 1 });
    b.take('a', 0);
    b.take('a', 0);
    expect(b.take('a', 500)).toBe(1);
    expect(b.take('a', 1_000)).toBe(0);
    // A long pause refills to the burst only.
    expect([b.take('a', 60_000), b.take('a', 60_000), b.take('a', 60_000)]).toEqual([0, 0, 1]);
  });

  it('waitFor looks without taking', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 1 });
    expect(b.waitFor('a', 0)).toBe(0);
    expect(b.waitFor('a', 0)).toBe(0);
    b.take('a', 0);
    expect(b.waitFor('a', 0)).toBe(1);
  });

  it('a clock stepping back adds nothing', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 1 });
    expect(b.take('a', 10_000)).toBe(0);
    expect(b.take('a', 0)).toBe(1);
  });

  it('keeps at most maxKeys buckets, dropping full ones first', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 1 }, 2);
    b.take('a', 0);
    b.take('b', 0);
    b.take('c', 5_000); // a and b are full again by now: dropped
    expect(b.take('c', 5_000)).toBe(1);
    expect(b.take('a', 5_000)).toBe(0);
  });
});
