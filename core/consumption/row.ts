/**
 * One data record of a POS consumption CSV → a consumption row, or the reasons it is refused.
 * Cross-row rules (duplicate receipts, row limits) live in posCsv.ts.
 */
import { parseYuanToFen } from './amount';
import { findControlCharacter, parseCategory, parseMemberNo, parseNote, parseReceiptNo, show, type ConsumptionCategory } from './fields';
import type { Column, ColumnIndex } from './header';
import { parseOccurredAt, type OccurredAt } from './occurredAt';

export interface ConsumptionRow {
  /** 1-based line of the file the record starts on, for messages after the import. */
  line: number;
  /** Upper-case, 'M' + digits. */
  memberNo: string;
  occurredAt: OccurredAt;
  category: ConsumptionCategory;
  /** Integer fen, 1 … 100,000,000. */
  amountFen: number;
  receiptNo: string;
  note: string | null;
}

export type RowErrorCode =
  | 'bad_member_no'
  | 'bad_date'
  | 'future_date'
  | 'bad_category'
  | 'bad_amount'
  | 'bad_receipt_no'
  | 'formula_cell'
  | 'note_too_long'
  | 'control_character';

export interface RowError {
  column: Column;
  code: RowErrorCode;
  message: string;
}

/** The earliest consumption date accepted; anything older is a typo or a wrong column. */
export const EARLIEST_DATE = '2000-01-01';

type Parsed = Partial<Omit<ConsumptionRow, 'line'>>;

/**
 * Checks every cell of the record (errors in the order the columns appear) and returns the row
 * only when all of them pass. `columns` lists the present columns in file order.
 */
export function readRow(
  fields: readonly string[],
  line: number,
  columns: readonly Column[],
  index: ColumnIndex,
  today: string,
): { row: ConsumptionRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const parsed: Parsed = { note: null };
  for (const column of columns) {
    const at = index[column];
    const raw = at === undefined ? '' : (fields[at] ?? '');
    const control = findControlCharacter(raw);
    if (control !== null) {
      errors.push({ column, code: 'control_character', message: `${column} contains control character ${control}` });
      continue;
    }
    const error = readCell(column, raw, today, parsed);
    if (error) errors.push({ column, ...error });
  }
  const { memberNo, occurredAt, category, amountFen, receiptNo, note } = parsed;
  if (errors.length > 0 || !memberNo || !occurredAt || !category || !amountFen || !receiptNo || note === undefined) {
    return { row: null, errors };
  }
  return { row: { line, memberNo, occurredAt, category, amountFen, receiptNo, note }, errors };
}

function readCell(column: Column, raw: string, today: string, out: Parsed): Omit<RowError, 'column'> | null {
  switch (column) {
    case 'member_no': {
      const memberNo = parseMemberNo(raw);
      if (memberNo === null) return { code: 'bad_member_no', message: `member number is not M followed by 6 or more digits (got ${show(raw)})` };
      out.memberNo = memberNo;
      return null;
    }
    case 'occurred_at': {
      const r = parseOccurredAt(raw);
      if (!r.ok) return { code: 'bad_date', message: `${r.message} (got ${show(raw)})` };
      if (r.date < EARLIEST_DATE) return { code: 'bad_date', message: `time is before ${EARLIEST_DATE} (got ${show(raw)})` };
      // Compared on the calendar date as written: for an instant that is the date at its own
      // offset, i.e. what the receipt showed, and core does not know the branch zone.
      if (r.date > today) return { code: 'future_date', message: `time is after today, ${today} (got ${show(raw)})` };
      out.occurredAt = r.occurredAt;
      return null;
    }
    case 'category': {
      const category = parseCategory(raw);
      if (category === null) {
        return { code: 'bad_category', message: `category is not membership, course, personal_training or product (会籍, 课程, 私教, 商品) (got ${show(raw)})` };
      }
      out.category = category;
      return null;
    }
    case 'amount': {
      const r = parseYuanToFen(raw);
      if (!r.ok) return { code: 'bad_amount', message: `${r.message} (got ${show(raw)})` };
      out.amountFen = r.fen;
      return null;
    }
    case 'receipt_no': {
      const r = parseReceiptNo(raw);
      if (!r.ok) return { code: r.code, message: `${r.message} (got ${show(raw)})` };
      out.receiptNo = r.receiptNo;
      return null;
    }
    case 'note': {
      const r = parseNote(raw);
      if (!r.ok) return { code: 'note_too_long', message: r.message };
      out.note = r.note;
      return null;
    }
  }
}
