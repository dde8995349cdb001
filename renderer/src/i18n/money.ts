import { MAX_AMOUNT_FEN } from '../../../core/consumption/amount';

/** The contract's amount bounds (core/contract/memberDto amountFen), in yuan for the inputs. */
export const MIN_YUAN = 0.01;
export const MAX_YUAN = MAX_AMOUNT_FEN / 100;

/**
 * Integer fen as yuan with two decimals and thousands separators: 199900 → ¥1,999.00, the yuan
 * sign in both languages as on the desk's receipts. The yuan and fen parts are split as integers,
 * so no float rounding can show 19.99 as 19.98.
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${cents}`;
}

/** Yuan as typed (two decimals at most) → integer fen; rounding absorbs 0.1 + 0.2 style float noise. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Integer fen as the number a yuan input starts with. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}
