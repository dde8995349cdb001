/**
 * Masked display of personal data at the desk (PIPL "minimum necessary"; PRODUCT.md §2,
 * SECURITY.md "masked display by default"). Revealing the full value is a separate, permitted and
 * audited action; these helpers only ever show the stated few characters.
 *
 * All three work by code point (Array.from), so a non-BMP character (e.g. 𠀋 in a name) is one
 * position and is never split into a half surrogate pair. They never throw: a display helper
 * that throws on odd stored data would blank the desk screen. Inputs are masked as given (no
 * trimming), so the output has as many code points as the input.
 */

const STAR = '*';

/**
 * ID numbers: first 3 + stars + last 4 (`110***********002X`). Values shorter than 14 code
 * points (a typo, or a foreign document number stored in the field) are fully starred: with 3 + 4
 * shown such a value would be more than half revealed, close to the whole number.
 */
export function maskIdCard(idNumber: string): string {
  return keepEnds(idNumber, 3, 4, 14);
}

/**
 * Phone numbers: `138****8000` for an 11-digit mobile; any value of 8 or more code points keeps
 * its first 3 and last 4, anything shorter is fully starred.
 */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4, 8);
}

/**
 * Names: the first code point (the family name for most Chinese names) then one star per
 * remaining code point — 张** for 张晓雨, 李* for 李明. A single-character name shows as '*'
 * because its first character would be the whole name.
 */
export function maskName(name: string): string {
  const chars = codePoints(name);
  if (chars.length <= 1) return STAR.repeat(chars.length);
  return (chars[0] ?? '') + STAR.repeat(chars.length - 1);
}

/** Keeps `head` and `tail` code points when the value has at least `minLength`, else all stars. */
function keepEnds(value: string, head: number, tail: number, minLength: number): string {
  const chars = codePoints(value);
  if (chars.length < minLength) return STAR.repeat(chars.length);
  const middle = chars.length - head - tail;
  return chars.slice(0, head).join('') + STAR.repeat(middle) + chars.slice(chars.length - tail).join('');
}

/** Defensive against non-string data reaching a display helper (e.g. null from an old row). */
function codePoints(value: unknown): string[] {
  return typeof value === 'string' ? Array.from(value) : [];
}
