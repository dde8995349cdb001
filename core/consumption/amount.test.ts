import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_FEN, parseYuanToFen } from './amount';

const fenOf = (text: string): number | null => {
  const r = parseYuanToFen(text);
  return r.ok ? r.fen : null;
};

describe('parseYuanToFen', () => {
  it.each([
    ['0.1', 10],
    ['0.01', 1],
    ['19.99', 1999],
    ['0.29', 29], // 0.29 * 100 === 28.999999999999996 in floating point
    ['1.15', 115], // 1.15 * 100 === 114.99999999999999
    ['1280', 128000],
    ['1280.5', 128050],
    ['1280.50', 128050],
    ['1,280.50', 128050],
    ['¥1280.00', 128000],
    ['￥1,280', 128000],
    ['¥ 99', 9900],
    ['  12.30  ', 1230],
    ['1,000,000', 100_000_000],
    ['1000000.00', 100_000_000],
    ['0001', 100],
  ])('%s → %i fen', (text, fen) => {
    expect(fenOf(text)).toBe(fen);
  });

  it.each([
    ['', 'empty'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['-5', 'negative'],
    ['¥-5', 'negative'],
    ['(5.00)', 'negative'],
    ['1.234', 'more than 2 decimals'],
    ['1.230', 'more than 2 decimals'],
    ['1e3', 'scientific'],
    ['1.2E+3', 'scientific'],
    ['1000000.01', 'over'],
    ['99999999999999999999', 'over'],
    ['12,80', 'not a number'],
    ['1,2800', 'not a number'],
    ['.5', 'not a number'],
    ['5.', 'not a number'],
    ['+5', 'not a number'],
    ['１２', 'not a number'], // full-width digits
    ['5 元', 'not a number'],
    ['NaN', 'not a number'],
    ['Infinity', 'not a number'],
    ['0x10', 'not a number'],
    ['1 280', 'not a number'],
  ])('refuses %j (%s)', (text, reason) => {
    const r = parseYuanToFen(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(reason);
  });

  it('parses every amount formatted as yuan text back to the same fen', () => {
    const format = (fen: number, grouped: boolean, prefix: string, decimals: 'min' | 'two') => {
      const yuan = Math.floor(fen / 100);
      const cents = fen % 100;
      const int = grouped ? yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan.toString();
      let frac = `.${cents.toString().padStart(2, '0')}`;
      if (decimals === 'min') frac = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : frac;
      return `${prefix}${int}${frac}`;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_AMOUNT_FEN }),
        fc.boolean(),
        fc.constantFrom('', '¥', '￥'),
        fc.constantFrom('min' as const, 'two' as const),
        (fen, grouped, prefix, decimals) => {
          expect(fenOf(format(fen, grouped, prefix, decimals))).toBe(fen);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('only ever returns a whole number of fen in range', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ',', '¥', '-', 'e', ' ') }), (text) => {
        const r = parseYuanToFen(text);
        if (r.ok) {
          expect(Number.isSafeInteger(r.fen)).toBe(true);
          expect(r.fen).toBeGreaterThanOrEqual(1);
          expect(r.fen).toBeLessThanOrEqual(MAX_AMOUNT_FEN);
        }
      }),
    );
  });
});
