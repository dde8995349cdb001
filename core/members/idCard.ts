/**
 * Mainland China resident ID numbers (公民身份号码, GB 11643-1999): 18 characters =
 * 6-digit region code + 8-digit birthday (YYYYMMDD) + 3-digit sequence (odd = male) + a check
 * character (ISO 7064 MOD 11-2, '0'–'9' or 'X').
 *
 * Parsing is strict on purpose: the number is sensitive, typed or scanned at the desk, and a
 * "repaired" number would be someone else's identity. Nothing here throws on user input; the
 * caller gets a reason it can show the clerk. `today` is injected so core stays clock-free.
 */

export type IdCardFailureReason = 'empty' | 'bad_format' | 'bad_region' | 'bad_birthday' | 'bad_checksum';

export interface IdCard {
  /** Canonical form: 18 characters, check character upper-case. */
  number: string;
  /** The first 6 digits (administrative division at issue time). */
  regionCode: string;
  /** YYYY-MM-DD */
  birthday: string;
  gender: 'male' | 'female';
}

export type IdCardParseResult = { ok: true; value: IdCard } | { ok: false; reason: IdCardFailureReason };

/** Weights 2^(17-i) mod 11 for positions 0..16 (the check character has weight 1). */
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Weighted sum mod 11 → the character that makes the whole number ≡ 1 (mod 11). */
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes (GB/T 2260). 71 is Taiwan province as listed in GB/T 2260; 81/82 are
 * Hong Kong / Macau and 83 Taiwan, used by the residence permits (港澳台居民居住证, since 2018)
 * that carry an ID-format number and are accepted wherever a resident ID is.
 * Only the province is checked: county codes are renamed and merged every year, and a card keeps
 * the code of its issue date, so a county list would wrongly reject genuine old cards.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const EARLIEST_BIRTHDAY = '1900-01-01';

// Spelled-out ASCII classes: full-width digits (０-９), which Chinese IMEs produce, must be refused
// rather than normalised — see the module comment. Inner spaces fail the same way.
// 15-digit first-generation numbers are refused too (bad_format): those cards stopped being valid
// on 2013-01-01, so anyone presenting one today must present a second-generation (18-digit) card.
const SHAPE_RE = /^[0-9]{17}[0-9Xx]$/;
const DIGITS17_RE = /^[0-9]{17}$/;
const ISO_DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * The check character for the first 17 digits. Throws RangeError unless given exactly 17 ASCII
 * digits: this is a programming API (tests, fixture generation), not a user-input path.
 */
export function idCardCheckChar(first17: string): string {
  if (!DIGITS17_RE.test(first17)) throw new RangeError('idCardCheckChar needs exactly 17 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Parses an ID number typed or scanned at the desk. Surrounding whitespace is trimmed and a
 * lower-case 'x' accepted; everything else must already be exact. Checks run format → region →
 * birthday → checksum so the clerk hears the most specific problem first.
 * `today` (YYYY-MM-DD, in the branch's zone) bounds the birthday; a malformed `today` is a caller
 * bug and throws RangeError.
 */
export function parseIdCard(raw: string, today: string): IdCardParseResult {
  const todayIso = requireIsoDate(today);
  const text = raw.trim();
  if (text === '') return fail('empty');
  if (!SHAPE_RE.test(text)) return fail('bad_format');
  const number = text.toUpperCase();

  const regionCode = number.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) return fail('bad_region');

  const birthday = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isRealDate(birthday) || birthday < EARLIEST_BIRTHDAY || birthday > todayIso) return fail('bad_birthday');

  if (idCardCheckChar(number.slice(0, 17)) !== number.charAt(17)) return fail('bad_checksum');

  const gender = Number(number.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { number, regionCode, birthday, gender } };
}

export function isValidIdCard(raw: string, today: string): boolean {
  return parseIdCard(raw, today).ok;
}

function fail(reason: IdCardFailureReason): IdCardParseResult {
  return { ok: false, reason };
}

function requireIsoDate(date: string): string {
  if (!isRealDate(date)) throw new RangeError(`today must be a real YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  return date;
}

/** Proleptic Gregorian check by arithmetic, not Date: no time-zone or Date.parse leniency. */
function isRealDate(date: string): boolean {
  const m = ISO_DATE_RE.exec(date);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
