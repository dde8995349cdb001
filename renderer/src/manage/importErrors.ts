import type { TFunction } from 'i18next';
import { COLUMNS, type Column } from '../../../core/consumption/header';
import type { PosCsvErrorCode } from '../../../core/consumption/posCsv';
import type { ImportResultDto } from '../../../core/contract/memberDto';

export type ImportLineError = Extract<ImportResultDto, { ok: false }>['errors'][number];

/** Every code consumption.import can send: the parser's, plus the database checks' (importCheck.ts, the service). */
type ImportErrorCode = PosCsvErrorCode | 'unknown_member' | 'already_imported';

// A Record, so adding a code to the parser's union fails the type check until it is translated.
const KNOWN: Record<ImportErrorCode, true> = {
  unknown_column: true,
  duplicate_column: true,
  missing_column: true,
  bad_member_no: true,
  bad_date: true,
  future_date: true,
  bad_category: true,
  bad_amount: true,
  bad_receipt_no: true,
  formula_cell: true,
  note_too_long: true,
  control_character: true,
  unterminated_quote: true,
  bad_quote: true,
  duplicate_receipt: true,
  wrong_field_count: true,
  blank_row: true,
  not_utf8: true,
  too_many_rows: true,
  too_large: true,
  no_rows: true,
  too_many_errors: true,
  unknown_member: true,
  already_imported: true,
};

const isKnown = (code: string): code is ImportErrorCode => Object.hasOwn(KNOWN, code);
export const isColumn = (name: string | null): name is Column => name !== null && (COLUMNS as readonly string[]).includes(name);

/**
 * The sentence for one refused line. A receipt number can be a duplicate within the file (the
 * parser names the first line) or of one already on record (the service): the wording differs.
 * A code this build does not know (a newer service) shows the service's English message.
 */
export function importErrorText(t: TFunction, e: ImportLineError): string {
  if (!isKnown(e.code)) return e.message;
  if (e.code === 'duplicate_receipt') {
    const first = /already on line (\d+)/.exec(e.message);
    if (first) return t('manage.import.code.duplicate_receipt_inFile', { line: first[1] });
    return t('manage.import.code.duplicate_receipt');
  }
  if (e.code === 'unknown_column') return t('manage.import.code.unknown_column', { column: e.column ?? '' });
  return t(`manage.import.code.${e.code}`);
}

/** The column as staff know it: "金额 (amount)"; an unknown header as it was written. */
export function importColumnText(t: TFunction, column: string | null): string {
  if (column === null) return '';
  if (isColumn(column)) return t(`manage.import.columnName.${column}`);
  return column;
}
