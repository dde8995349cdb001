/**
 * Integer fen as yuan with two decimals and thousands separators: 199900 → ¥1,999.00.
 * Integer arithmetic only, so no float rounding can move a fen.
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${cents}`;
}
