/**
 * Checks of single POS-CSV cells other than amount and time, plus the one helper that lets a cell
 * appear in an error message.
 */

export type ConsumptionCategory = 'membership' | 'course' | 'personal_training' | 'product';

const CATEGORIES: ReadonlyMap<string, ConsumptionCategory> = new Map([
  ['membership', 'membership'],
  ['course', 'course'],
  ['personal_training', 'personal_training'],
  ['product', 'product'],
  ['会籍', 'membership'],
  ['课程', 'course'],
  ['私教', 'personal_training'],
  ['商品', 'product'],
]);

/** English names case-insensitively, Chinese names as written; null when unknown. */
export function parseCategory(raw: string): ConsumptionCategory | null {
  return CATEGORIES.get(raw.trim().toLowerCase()) ?? null;
}

// 'M' + digits. Upper bound 20 so a pasted blob cannot pose as a member number; [0-9] keeps
// full-width digits out.
const MEMBER_NO_RE = /^[Mm][0-9]{6,20}$/;

/** Normalised upper-case member number, or null when malformed. */
export function parseMemberNo(raw: string): string | null {
  const text = raw.trim();
  return MEMBER_NO_RE.test(text) ? text.toUpperCase() : null;
}

export const MAX_RECEIPT_LENGTH = 64;
const RECEIPT_RE = /^[A-Za-z0-9_-]{1,64}$/;

export type ReceiptResult = { ok: true; receiptNo: string } | { ok: false; code: 'bad_receipt_no' | 'formula_cell'; message: string };

export function parseReceiptNo(raw: string): ReceiptResult {
  const text = raw.trim();
  if (text === '') return { ok: false, code: 'bad_receipt_no', message: 'receipt number is empty' };
  // Only '-' of = + - @ can pass the character set; a leading one would make a spreadsheet read
  // the cell as a formula when the desk's data is opened in Excel, so it is refused outright.
  if (looksLikeFormula(text)) return { ok: false, code: 'formula_cell', message: 'receipt number starts with = + - or @ (read as a spreadsheet formula)' };
  if (!RECEIPT_RE.test(text)) {
    return { ok: false, code: 'bad_receipt_no', message: `receipt number must be 1–${MAX_RECEIPT_LENGTH} letters, digits, _ or -` };
  }
  return { ok: true, receiptNo: text };
}

export const MAX_NOTE_LENGTH = 200;

/**
 * Note text as written, or null when blank. Length is counted in code points so 200 Chinese
 * characters are 200, and an emoji is one.
 *
 * A note starting with = + - @ is KEPT (unlike a receipt number): '-不要发票' or '+1 瓶水' are
 * ordinary desk notes, the UI renders notes as text, and every export the desk makes escapes such
 * cells itself. The guard belongs at the export, not here.
 */
export function parseNote(raw: string): { ok: true; note: string | null } | { ok: false; message: string } {
  if (raw.trim() === '') return { ok: true, note: null };
  let length = 0;
  for (const _ of raw) length++;
  if (length > MAX_NOTE_LENGTH) return { ok: false, message: `note is ${length} characters, at most ${MAX_NOTE_LENGTH} allowed` };
  return { ok: true, note: raw };
}

export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@＝＋－＠]/.test(text);
}

/**
 * The first character that must not be in a cell, or null. Refused: C0 controls except tab and
 * the line breaks a quoted cell may hold (LF, CRLF; a lone CR is refused), DEL, C1 controls, and
 * the bidirectional overrides/isolates that can make a note display as something it is not
 * ("Trojan Source"). Everything else, including all CJK text and emoji, is allowed.
 */
export function findControlCharacter(text: string): string | null {
  // Fast path: almost every cell is plain printable text.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text)) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) continue;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if (c < 0x20 && c !== 0x09) return codePoint(c);
    if (c >= 0x7f && c <= 0x9f) return codePoint(c);
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return codePoint(c);
  }
  return null;
}

const codePoint = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

export const MAX_ECHO_LENGTH = 40;

/** At most 40 characters (code points) of `value`, the last one '…' when it was cut. */
export function truncate(value: string): string {
  // Only the head is split into code points: a cell can be megabytes long.
  const chars = Array.from(value.length > 2 * MAX_ECHO_LENGTH ? value.slice(0, 2 * MAX_ECHO_LENGTH) : value);
  if (value.length <= 2 * MAX_ECHO_LENGTH && chars.length <= MAX_ECHO_LENGTH) return value;
  return `${chars.slice(0, MAX_ECHO_LENGTH - 1).join('')}…`;
}

/**
 * A cell value fit for an error message: cut to 40 characters, because messages end up in logs
 * and a cell may hold a member's personal text, and JSON-quoted so control characters and line
 * breaks show as escapes and cannot forge log lines.
 */
export function show(value: string): string {
  return JSON.stringify(truncate(value));
}
