import { MAX_AMOUNT_FEN } from '../../../core/consumption/amount';

/** The largest amount the contract takes (core/consumption/amount), in yuan for the inputs. */
export const MAX_AMOUNT_YUAN = MAX_AMOUNT_FEN / 100;

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * Integer fen as yuan with two decimals (¥1,999.00). The yuan and fen parts are split as
 * integers, so no float rounding can show 19.99 as 19.98.
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${grouping.format(yuan)}.${cents}`;
}

/** A yuan amount from a number input (at most two decimals) as integer fen. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Integer fen as the number a yuan input starts with. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}
