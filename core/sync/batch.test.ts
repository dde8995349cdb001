import { describe, expect, it } from 'vitest';
import { fitsAlone, halveBatch, planBatch, PUSH_ENVELOPE_BYTES } from './batch';

describe('push batch planning', () => {
  it('takes up to the count limit', () => {
    expect(planBatch(Array(700).fill(100), { maxCount: 500, maxBytes: 1e9 })).toBe(500);
    expect(planBatch([100, 100], { maxCount: 500, maxBytes: 1e9 })).toBe(2);
    expect(planBatch([], { maxCount: 500, maxBytes: 1e9 })).toBe(0);
  });

  it('stops before the byte limit, counting envelope and commas', () => {
    const maxBytes = PUSH_ENVELOPE_BYTES + 100 * 3 + 2;
    expect(planBatch(Array(10).fill(100), { maxCount: 500, maxBytes })).toBe(3);
    expect(planBatch(Array(10).fill(100), { maxCount: 500, maxBytes: maxBytes - 1 })).toBe(2);
  });

  it('always takes the first mutation, even one too large to send', () => {
    expect(planBatch([10_000, 1], { maxCount: 500, maxBytes: 1_000 })).toBe(1);
    expect(fitsAlone(10_000, 1_000)).toBe(false);
    expect(fitsAlone(100, 1_000)).toBe(true);
  });

  it('halves down to one', () => {
    expect([500, 3, 2, 1].map(halveBatch)).toEqual([250, 1, 1, 1]);
  });
});
