/**
 * Yuan text from a point-of-sale export → integer fen.
 *
 * The digits are read as integers (yuan part × 100 + fen part); a float is never multiplied, so
 * '19.99' is 1999 and not 1998.9999999999998. Anything that is not plainly a positive amount
 * with at most two decimals is refused rather than guessed at: a consumption record inflates a
 * member's tier score, so a wrong amount is worse than a refused import.
 */

export const MAX_AMOUNT_FEN = 100_000_000; // 1,000,000 yuan

export type AmountResult = { ok: true; fen: number } | { ok: false; message: string };

// Optional ¥ (U+00A5) or full-width ￥ (U+FFE5, what Chinese IMEs type); then either plain digits
// or correctly grouped thousands ('1,280', not '12,80'); then '.' and one or two digits.
// ASCII digits only — [0-9], not \d with /u or \p{Nd}, so full-width digits stay out.
const AMOUNT_RE = /^(?:[¥￥] ?)?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?$/;

export function parseYuanToFen(raw: string): AmountResult {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'amount is empty' };
  const m = AMOUNT_RE.exec(text);
  if (!m) return { ok: false, message: explain(text) };
  const intDigits = (m[1] ?? '').replace(/,/g, '').replace(/^0+(?=[0-9])/, '');
  // Length check first so Number() only ever sees a small, exactly representable integer.
  if (intDigits.length > 7) return { ok: false, message: 'amount is over 1,000,000 yuan' };
  const fen = Number(intDigits) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen === 0) return { ok: false, message: 'amount is zero' };
  if (fen > MAX_AMOUNT_FEN) return { ok: false, message: 'amount is over 1,000,000 yuan' };
  return { ok: true, fen };
}

/** A precise reason for the log; the UI shows the stable code instead. */
function explain(text: string): string {
  const body = text.replace(/^[¥￥] ?/, '');
  if (/^[-−]/.test(body) || /^\(.*\)$/.test(body)) return 'amount is negative';
  if (/[eE]/.test(body)) return 'amount is in scientific notation';
  if (/^[0-9,]*\.[0-9]{3,}$/.test(body)) return 'amount has more than 2 decimals';
  return 'amount is not a number of yuan like 1280, 1280.50 or ¥1,280.50';
}
