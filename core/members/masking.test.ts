import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdCard, maskName, maskPhone } from './masking';

describe('masking examples', () => {
  it('ID numbers: first 3 + stars + last 4', () => {
    expect(maskIdCard('11010119900307002X')).toBe('110***********002X');
    expect(maskIdCard('110101900307001')).toBe('110********7001'); // legacy 15-digit: 3 + 8 + 4
    expect(maskIdCard('E12345678')).toBe('*********'); // too short to show 3 + 4
    expect(maskIdCard('')).toBe('');
  });
  it('phones: 138****8000; 3 + 4 from 8 code points up, else all stars', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('62345678')).toBe('623*5678');
    expect(maskPhone('+8613800138000')).toBe('+86*******8000');
    expect(maskPhone('6234567')).toBe('*******');
    expect(maskPhone('')).toBe('');
  });
  it('names: family name then stars; a single character is fully hidden', () => {
    expect(maskName('张晓雨')).toBe('张**');
    expect(maskName('李明')).toBe('李*');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
  it('counts non-BMP characters as one position', () => {
    expect(maskName('𠀋')).toBe('*');
    expect(maskName('𠀋一')).toBe('𠀋*');
    expect(maskName('张𠀋𠀋')).toBe('张**');
    expect(maskPhone('𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎')).toBe('𝟏𝟑𝟖****𝟖𝟎𝟎𝟎');
  });
  it('never throws on non-string data from an old row', () => {
    for (const fn of [maskIdCard, maskPhone, maskName]) {
      expect(fn(null as unknown as string)).toBe('');
      expect(fn(undefined as unknown as string)).toBe('');
    }
  });
});

/** Which code-point positions a mask may show for an input of `length` code points. */
const shownEnds = (minLength: number) => (length: number, i: number) => length >= minLength && (i < 3 || i >= length - 4);
const shownName = (length: number, i: number) => length >= 2 && i === 0;

const cases = [
  { name: 'maskIdCard', fn: maskIdCard, shown: shownEnds(14) },
  { name: 'maskPhone', fn: maskPhone, shown: shownEnds(8) },
  { name: 'maskName', fn: maskName, shown: shownName },
] as const;

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  // Raw UTF-16 units, lone surrogates included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.stringMatching(/^1[3-9][0-9]{9}$/),
  fc.stringMatching(/^[0-9]{17}[0-9X]$/),
);

describe('masking properties', () => {
  for (const { name, fn, shown } of cases) {
    it(`(d) ${name}: never throws, keeps the length in code points, shows only the allowed positions`, () => {
      fc.assert(
        fc.property(anyText, (input) => {
          const inChars = Array.from(input);
          const outChars = Array.from(fn(input));
          expect(outChars.length).toBe(inChars.length);
          outChars.forEach((c, i) => {
            // Hidden positions are stars whatever the input held there; shown ones are verbatim.
            expect(c).toBe(shown(inChars.length, i) ? inChars[i] : '*');
          });
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('an 18-character ID number shows exactly 7 characters and none of the birthday', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (n) => {
        const masked = maskIdCard(n);
        expect(masked).toBe(`${n.slice(0, 3)}${'*'.repeat(11)}${n.slice(14)}`);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});
