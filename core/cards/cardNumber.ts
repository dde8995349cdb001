/**
 * Card numbers as readers print them ⇄ the one canonical UID the store keeps.
 *
 * Canonical UID: the card's UID bytes as upper-case hex, in the order the card reports them
 * (4, 7 or 10 bytes). Every reader format is a lossless view of a 4-byte UID except Wiegand-26,
 * which drops the top byte; W26 reads therefore resolve to a separate "w26 key" that the store
 * keeps next to each bound 4-byte card.
 *
 * Parsing is strict on purpose: a mistyped or half-read number must be rejected, never "repaired"
 * into some other member's card.
 */
import type { CardFormat } from './cardFormat';

export type CardKey = { kind: 'uid'; uid: string } | { kind: 'w26'; w26: string };

export type CardNumberErrorReason =
  | 'empty'
  | 'bad_characters'
  | 'bad_length'
  | 'out_of_range'
  /** A valid UID that the requested format cannot express (e.g. a 7-byte UID as dec10). */
  | 'unsupported_format';

export class CardNumberError extends Error {
  readonly reason: CardNumberErrorReason;

  constructor(reason: CardNumberErrorReason, message: string) {
    super(message);
    this.name = 'CardNumberError';
    this.reason = reason;
  }
}

/** UID lengths in hex digits: 4-, 7- and 10-byte (single/double/triple size ISO 14443 UIDs). */
const UID_HEX_LENGTHS: readonly number[] = [8, 14, 20];
const DEC10_LENGTH = 10;
const W26_LENGTH = 8;
const MAX_U32 = 0xffffffff;
const MAX_W26_FACILITY = 0xff;
const MAX_W26_NUMBER = 0xffff;

// ASCII only: \d would be fine in JS (it is ASCII-only without the u flag) but spelled out so
// nobody "improves" it into \p{Nd} and lets full-width digits through.
const HEX_RE = /^[0-9A-Fa-f]+$/;
const DIGITS_RE = /^[0-9]+$/;

export function parseCardNumber(raw: string, format: CardFormat): CardKey {
  const text = raw.trim();
  if (text === '') throw new CardNumberError('empty', 'card number is empty');
  switch (format) {
    case 'hex':
      return { kind: 'uid', uid: canonicalUid(text) };
    case 'hex-reversed':
      return { kind: 'uid', uid: reverseHexBytes(canonicalUid(text)) };
    case 'dec10':
      return { kind: 'uid', uid: u32ToHex(parseDec10(text)) };
    case 'dec10-reversed':
      return { kind: 'uid', uid: reverseHexBytes(u32ToHex(parseDec10(text))) };
    case 'w26':
      return { kind: 'w26', w26: parseW26(text) };
  }
}

/** Validates and upper-cases a canonical UID (8, 14 or 20 hex digits). Does not trim. */
export function canonicalUid(raw: string): string {
  if (raw === '') throw new CardNumberError('empty', 'UID is empty');
  if (!HEX_RE.test(raw)) throw new CardNumberError('bad_characters', 'UID must be hexadecimal');
  if (!UID_HEX_LENGTHS.includes(raw.length)) {
    throw new CardNumberError('bad_length', `UID must be 8, 14 or 20 hex digits, got ${raw.length}`);
  }
  return raw.toUpperCase();
}

/**
 * The 8-digit W26 key of a canonical UID, or null for 7/10-byte UIDs (W26 readers only read
 * 4-byte cards, so such a card can never be presented as W26). Throws on a malformed UID.
 */
export function w26KeyOfUid(uid: string): string | null {
  const canonical = canonicalUid(uid);
  if (canonical.length !== 8) return null;
  // Low 3 bytes of the big-endian value: facility = byte[1], number = bytes[2..3].
  const facility = Number.parseInt(canonical.slice(2, 4), 16);
  const number = Number.parseInt(canonical.slice(4, 8), 16);
  return `${String(facility).padStart(3, '0')}${String(number).padStart(5, '0')}`;
}

/**
 * What a reader configured with `format` prints for a canonical UID — the inverse of
 * parseCardNumber. Used by tests, demo data and the e2e tap simulator.
 */
export function formatUid(uid: string, format: CardFormat): string {
  const canonical = canonicalUid(uid);
  switch (format) {
    case 'hex':
      return canonical;
    case 'hex-reversed':
      return reverseHexBytes(canonical);
    case 'dec10':
      return String(requireU32(canonical, format)).padStart(DEC10_LENGTH, '0');
    case 'dec10-reversed':
      return String(requireU32(reverseHexBytes(canonical), format)).padStart(DEC10_LENGTH, '0');
    case 'w26': {
      const key = w26KeyOfUid(canonical);
      if (key === null) throw unsupported(canonical, format);
      return key;
    }
  }
}

function parseDec10(text: string): number {
  if (!DIGITS_RE.test(text)) throw new CardNumberError('bad_characters', 'decimal card number must be digits only');
  // Exactly 10: readers always zero-pad, so a shorter number means a lost digit.
  if (text.length !== DEC10_LENGTH) {
    throw new CardNumberError('bad_length', `decimal card number must be ${DEC10_LENGTH} digits, got ${text.length}`);
  }
  const value = Number(text); // ≤ 9 999 999 999, exact in a double
  if (value > MAX_U32) throw new CardNumberError('out_of_range', 'decimal card number exceeds 32 bits');
  return value;
}

function parseW26(text: string): string {
  if (!DIGITS_RE.test(text)) throw new CardNumberError('bad_characters', 'W26 card number must be digits only');
  if (text.length !== W26_LENGTH) {
    throw new CardNumberError('bad_length', `W26 card number must be ${W26_LENGTH} digits, got ${text.length}`);
  }
  if (Number(text.slice(0, 3)) > MAX_W26_FACILITY) {
    throw new CardNumberError('out_of_range', 'W26 facility code exceeds 255');
  }
  if (Number(text.slice(3)) > MAX_W26_NUMBER) {
    throw new CardNumberError('out_of_range', 'W26 card number exceeds 65535');
  }
  return text; // already the canonical zero-padded form
}

function requireU32(canonical: string, format: CardFormat): number {
  if (canonical.length !== 8) throw unsupported(canonical, format);
  return Number.parseInt(canonical, 16);
}

function unsupported(canonical: string, format: CardFormat): CardNumberError {
  return new CardNumberError(
    'unsupported_format',
    `a ${canonical.length / 2}-byte UID cannot be printed as ${format} (4-byte UIDs only)`,
  );
}

function u32ToHex(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

/** Reverses byte order of an even-length hex string ("04A1B2C3" → "C3B2A104"). */
function reverseHexBytes(hex: string): string {
  let out = '';
  for (let i = hex.length - 2; i >= 0; i -= 2) out += hex.slice(i, i + 2);
  return out;
}
