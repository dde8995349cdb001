/**
 * Point-of-sale consumption export (CSV) → consumption rows, all or nothing.
 *
 * Consumption feeds 40% of the tier score (PRODUCT.md §4), so a half-imported file would score
 * members on partial data and a re-import would double-count the half that went in. Hence: any bad
 * row and the result carries no rows at all, only every error (up to 100) with its line, for the
 * desk to fix the file and import it again.
 *
 * The text must already be decoded (UTF-8); a leading BOM is dropped. Oversized input is refused
 * before or during tokenizing, never after reading the whole file.
 */
import { readCsv, type CsvProblemCode } from './csv';
import { show } from './fields';
import { readHeader, type Column, type ColumnIndex, type HeaderIssue } from './header';
import { readRow, type ConsumptionRow, type RowErrorCode } from './row';

export type { ConsumptionRow } from './row';
export type { ConsumptionCategory } from './fields';
export type { OccurredAt } from './occurredAt';

export interface PosCsvOptions {
  /** The branch's local date, YYYY-MM-DD: later consumption dates are refused. */
  today: string;
  /** Data rows (header excluded); default 50,000. */
  maxRows?: number;
  /** UTF-8 size of the text, BOM included; default 10 MiB. */
  maxBytes?: number;
}

export type PosCsvErrorCode =
  | HeaderIssue['code']
  | RowErrorCode
  | CsvProblemCode
  | 'duplicate_receipt'
  | 'wrong_field_count'
  | 'blank_row'
  | 'not_utf8'
  | 'too_many_rows'
  | 'too_large'
  | 'no_rows'
  | 'too_many_errors';

export interface PosCsvError {
  /** 1-based line in the file; 0 for the file as a whole (too_large, no_rows). */
  line: number;
  /** The column's canonical English name; for unknown_column the header as written (cut to 40). */
  column?: string;
  /** Stable, for the UI to translate. */
  code: PosCsvErrorCode;
  /** English, for logs; never holds more than 40 characters of a cell. */
  message: string;
}

export type PosCsvResult = { ok: true; rows: ConsumptionRow[] } | { ok: false; errors: PosCsvError[] };

export const DEFAULT_MAX_ROWS = 50_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ERRORS = 100;

export function parsePosCsv(text: string, options: PosCsvOptions): PosCsvResult {
  const { today } = options;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Bad options are the caller's bug, not the file's: throw instead of blaming the file.
  if (!isIsoDate(today)) throw new RangeError(`options.today must be a YYYY-MM-DD date, got ${show(today)}`);
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new RangeError('options.maxRows must be a positive integer');
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('options.maxBytes must be a positive integer');

  if (utf8LengthExceeds(text, maxBytes)) {
    return fail({ line: 0, code: 'too_large', message: `file is larger than ${maxBytes} bytes` });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A GBK/GB18030 export (common from Chinese POS and from Excel's plain "CSV") decoded as UTF-8
  // turns every Chinese character into U+FFFD; one clear error beats a page of unknown columns.
  const replacement = body.indexOf('\uFFFD');
  if (replacement !== -1) {
    return fail({ line: lineAt(body, replacement), code: 'not_utf8', message: 'file is not valid UTF-8 (GBK?); save it as "CSV UTF-8"' });
  }

  const errors = new ErrorList();
  const rows: ConsumptionRow[] = [];
  const receiptLines = new Map<string, number>();
  let header: { width: number; index: ColumnIndex; columns: Column[] } | null = null;
  let headerBroken = false;
  let dataRows = 0;
  // Blank records are dropped only when nothing follows them (trailing lines); a blank record
  // before data is reported when that data turns up.
  let blankLines: number[] = [];

  for (const record of readCsv(body)) {
    if (record.problem === null && record.fields.every((f) => f.trim() === '')) {
      blankLines.push(record.line);
      continue;
    }
    if (!headerBroken) for (const line of blankLines) errors.add({ line, code: 'blank_row', message: 'blank line between rows' });
    blankLines = [];

    if (header === null && !headerBroken) {
      const { index, issues } = readHeader(record.fields);
      for (const issue of issues) errors.add({ line: record.line, ...issue });
      // After the issues: a quote problem may sit on a later line of a multi-line header.
      if (record.problem) errors.add({ line: record.problem.line, code: record.problem.code, message: record.problem.message });
      if (record.problem || issues.length > 0) headerBroken = true;
      else header = { width: record.fields.length, index, columns: presentColumns(index) };
      continue;
    }

    dataRows++;
    if (dataRows > maxRows) {
      return fail({ line: record.line, code: 'too_many_rows', message: `file has more than ${maxRows} rows` });
    }
    // Without a usable header, or with the error list full, the rest is only counted for the
    // row limit: an oversized file gets its single too_many_rows error either way.
    if (header === null || errors.full) continue;

    if (record.problem) {
      errors.add({ line: record.problem.line, code: record.problem.code, message: record.problem.message });
      continue;
    }
    if (record.fields.length !== header.width) {
      errors.add({ line: record.line, code: 'wrong_field_count', message: `row has ${record.fields.length} fields, the header has ${header.width}` });
      continue;
    }
    const { row, errors: rowErrors } = readRow(record.fields, record.line, header.columns, header.index, today);
    for (const e of rowErrors) errors.add({ line: record.line, ...e });

    const receiptNo = row?.receiptNo ?? receiptOf(record.fields, header.index, rowErrors);
    if (receiptNo !== null) {
      const first = receiptLines.get(receiptNo);
      if (first === undefined) receiptLines.set(receiptNo, record.line);
      else {
        errors.add({ line: record.line, column: 'receipt_no', code: 'duplicate_receipt', message: `receipt number ${show(receiptNo)} is already on line ${first}` });
        continue;
      }
    }
    if (row && errors.count === 0) rows.push(row);
  }

  if (errors.count > 0) return { ok: false, errors: errors.list() };
  if (header === null || dataRows === 0) return fail({ line: 0, code: 'no_rows', message: 'file has no consumption rows' });
  return { ok: true, rows };
}

/** Collects errors in line order, keeping the first MAX_ERRORS and noting that more existed. */
class ErrorList {
  private readonly items: PosCsvError[] = [];
  private overflowLine: number | null = null;

  add(error: PosCsvError): void {
    if (this.items.length < MAX_ERRORS) this.items.push(error);
    else this.overflowLine ??= error.line;
  }

  get full(): boolean {
    return this.overflowLine !== null;
  }

  get count(): number {
    return this.items.length;
  }

  list(): PosCsvError[] {
    if (this.overflowLine === null) return this.items;
    return [
      ...this.items,
      { line: this.overflowLine, code: 'too_many_errors', message: `more than ${MAX_ERRORS} errors; only the first ${MAX_ERRORS} are listed` },
    ];
  }
}

const fail = (error: PosCsvError): PosCsvResult => ({ ok: false, errors: [error] });

function presentColumns(index: ColumnIndex): Column[] {
  return (Object.keys(index) as Column[]).filter((c) => index[c] !== undefined).sort((a, b) => (index[a] ?? 0) - (index[b] ?? 0));
}

/** The receipt number of a refused row, when that cell itself was fine (so duplicates still show). */
function receiptOf(fields: readonly string[], index: ColumnIndex, rowErrors: readonly { column: Column }[]): string | null {
  if (rowErrors.some((e) => e.column === 'receipt_no')) return null;
  const at = index.receipt_no;
  return at === undefined ? null : (fields[at] ?? '').trim() || null;
}

function isIsoDate(text: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/**
 * Whether the UTF-8 encoding of `text` is longer than `max` bytes, without encoding it. Each UTF-16
 * unit is 1–3 bytes (a surrogate pair 4 for two units), so most inputs are decided by length alone.
 */
function utf8LengthExceeds(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A lone surrogate counts 3, as the U+FFFD an encoder writes for it.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is 4 bytes: 3 already counted for the high half, 1 more, skip the low.
        bytes += 1;
        i++;
      }
    }
    if (bytes > max) return true;
  }
  return false;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
