import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, nextHlc, parseHlc } from './hlc';

describe('hlc', () => {
  it('never goes backwards, whatever the physical clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 200 }), (times) => {
        let state = { ms: 0, counter: 0 };
        let prevText = formatHlc(state, 'n');
        for (const t of times) {
          state = nextHlc(state, t);
          const text = formatHlc(state, 'n');
          expect(text > prevText).toBe(true);
          prevText = text;
        }
      }),
    );
  });

  it('round-trips through text', () => {
    const s = { ms: 1_764_000_000_000, counter: 7 };
    expect(parseHlc(formatHlc(s, 'dev-1'))).toEqual({ ...s, node: 'dev-1' });
    expect(() => parseHlc('garbage')).toThrow(RangeError);
  });
});
