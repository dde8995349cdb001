/**
 * The header row of a POS consumption CSV → which field index holds which column.
 *
 * Names match case-insensitively, in English or Chinese, in any order. An unknown column is an
 * error rather than being skipped: a POS that renamed 'amount' to 'total' must not import with
 * the amount column silently missing, and a column the import does not store should be taken out
 * deliberately by whoever prepares the file.
 */
import { show, truncate } from './fields';

export const COLUMNS = ['member_no', 'occurred_at', 'category', 'amount', 'receipt_no', 'note'] as const;
export type Column = (typeof COLUMNS)[number];

const REQUIRED: readonly Column[] = ['member_no', 'occurred_at', 'category', 'amount', 'receipt_no'];

const NAMES: ReadonlyMap<string, Column> = new Map([
  ['member_no', 'member_no'],
  ['会员号', 'member_no'],
  ['occurred_at', 'occurred_at'],
  ['消费时间', 'occurred_at'],
  ['category', 'category'],
  ['类别', 'category'],
  ['amount', 'amount'],
  ['金额', 'amount'],
  ['receipt_no', 'receipt_no'],
  ['小票号', 'receipt_no'],
  ['note', 'note'],
  ['备注', 'note'],
]);

export type ColumnIndex = Record<Column, number | undefined>;

export interface HeaderIssue {
  code: 'unknown_column' | 'duplicate_column' | 'missing_column';
  column: string;
  message: string;
}

export function readHeader(fields: readonly string[]): { index: ColumnIndex; issues: HeaderIssue[] } {
  const index: ColumnIndex = { member_no: undefined, occurred_at: undefined, category: undefined, amount: undefined, receipt_no: undefined, note: undefined };
  const issues: HeaderIssue[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim();
    const column = NAMES.get(name.toLowerCase());
    if (column === undefined) {
      const what = name === '' ? `column ${i + 1} has no name` : `unknown column ${show(name)}`;
      issues.push({ code: 'unknown_column', column: truncate(name), message: `${what}; expected ${describeNames()}` });
    } else if (index[column] !== undefined) {
      issues.push({ code: 'duplicate_column', column, message: `column ${column} appears twice (columns ${(index[column] ?? 0) + 1} and ${i + 1})` });
    } else {
      index[column] = i;
    }
  });
  for (const column of REQUIRED) {
    if (index[column] === undefined) issues.push({ code: 'missing_column', column, message: `required column ${column} is missing` });
  }
  return { index, issues };
}

function describeNames(): string {
  return COLUMNS.map((c) => `${c}|${[...NAMES].find(([name, col]) => col === c && name !== c)?.[0] ?? ''}`).join(', ');
}
