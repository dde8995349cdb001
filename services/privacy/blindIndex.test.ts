import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCipher, normaliseForIndex } from './fieldCipher';
import { newKeyBlob, parseKeyBlob } from './keys';

const keys = parseKeyBlob(newKeyBlob());
const cipher = new FieldCipher(keys);
const ID = '110101199003070012X';

describe('blindIndex', () => {
  it('is HMAC-SHA256(indexKey, purpose NUL normalised value) in base64url', () => {
    const expected = createHmac('sha256', keys.indexKey()).update(`id_card\0${ID}`).digest('base64url');
    expect(cipher.blindIndex(ID, 'id_card')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is deterministic, across cipher instances over the same keys', () => {
    const again = new FieldCipher(keys);
    expect(again.blindIndex(ID, 'id_card')).toBe(cipher.blindIndex(ID, 'id_card'));
    expect(cipher.blindIndex(ID, 'id_card')).toBe(cipher.blindIndex(ID, 'id_card'));
  });

  it.each([
    ['lower-case check character', '110101199003070012x'],
    ['surrounding spaces and tabs', '  110101199003070012X\t'],
    ['full-width digits and letter (IME input)', '１１０１０１１９９００３０７００１２ｘ'],
    ['ideographic space', '\u3000110101199003070012X\u3000'],
    ['non-breaking space', '\u00a0110101199003070012x'],
  ])('matches across %s', (_label, variant) => {
    expect(cipher.blindIndex(variant, 'id_card')).toBe(cipher.blindIndex(ID, 'id_card'));
  });

  it('keeps values apart that differ after normalisation', () => {
    expect(cipher.blindIndex('110101199003070013X', 'id_card')).not.toBe(cipher.blindIndex(ID, 'id_card'));
    // Only the ends are trimmed: inner spacing is the caller's field-specific business.
    expect(cipher.blindIndex('1101 0119 9003 0700 12X', 'id_card')).not.toBe(cipher.blindIndex(ID, 'id_card'));
  });

  it('differs by purpose, so an equal phone and ID value do not link', () => {
    expect(cipher.blindIndex('13800138000', 'phone')).not.toBe(cipher.blindIndex('13800138000', 'id_card'));
    // The NUL separator: purpose "ab" + value "c" is not purpose "a" + value "bc".
    expect(cipher.blindIndex('c', 'ab')).not.toBe(cipher.blindIndex('bc', 'a'));
  });

  it('differs by index key, and does not use the data key', () => {
    const other = new FieldCipher(parseKeyBlob(newKeyBlob()));
    expect(other.blindIndex(ID, 'id_card')).not.toBe(cipher.blindIndex(ID, 'id_card'));
    const sameIndexKey = new FieldCipher({ dataKey: () => Buffer.alloc(32, 7), indexKey: () => keys.indexKey() });
    expect(sameIndexKey.blindIndex(ID, 'id_card')).toBe(cipher.blindIndex(ID, 'id_card'));
  });

  it('does not contain the value', () => {
    expect(cipher.blindIndex(ID, 'id_card')).not.toContain('110101');
  });

  it.each(['', 'a\0b'])('refuses purpose %j', (purpose) => {
    expect(() => cipher.blindIndex(ID, purpose)).toThrow(TypeError);
  });

  it('refuses a lone surrogate, which UTF-8 would fold into U+FFFD and collide', () => {
    expect(() => cipher.blindIndex('a\uD800', 'note')).toThrow(TypeError);
  });

  // NFKC + trim + upper alone is not: upper-casing 'ΐ' (U+0390) yields a decomposed form.
  it('normalisation is stable: normalising twice changes nothing', () => {
    expect(normaliseForIndex(normaliseForIndex('\u0390'))).toBe(normaliseForIndex('\u0390'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        const once = normaliseForIndex(s);
        expect(normaliseForIndex(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('values equal after normalisation share an index; unequal ones do not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }), (a, b) => {
        const equal = normaliseForIndex(a) === normaliseForIndex(b);
        expect(cipher.blindIndex(a, 'p') === cipher.blindIndex(b, 'p')).toBe(equal);
      }),
      { numRuns: 500 },
    );
  });
});
