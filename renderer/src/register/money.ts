import type { Locale } from '../i18n';

/** The contract's amountFen bounds (core/contract/memberDto amountFen): 0.01 to 1,000,000 yuan. */
export const MIN_YUAN = 0.01;
export const MAX_YUAN = 1_000_000;

const formatters = new Map<Locale, Intl.NumberFormat>();

/** ¥2,999.00 — the yuan sign in both languages, as on the desk's receipts. */
export function formatYuan(fen: number, locale: Locale): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formatters.set(locale, f);
  }
  return `¥${f.format(fen / 100)}`;
}

/** Yuan as typed (two decimals at most) → integer fen; rounding absorbs 0.1 + 0.2 style float noise. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}
