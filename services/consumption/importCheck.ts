/**
 * The database half of a POS CSV import's checks: the parser (core/consumption/posCsv.ts) knows
 * the file, this knows the members and the receipts already on record.
 */
import { readCsv } from '../../core/consumption/csv';
import { parseMemberNo, parseReceiptNo } from '../../core/consumption/fields';
import { readHeader } from '../../core/consumption/header';
import { MAX_ERRORS, type PosCsvError } from '../../core/consumption/posCsv';
import type { ImportResultDto } from '../../core/contract/memberDto';

export type ImportLineError = Extract<ImportResultDto, { ok: false }>['errors'][number];

/** What a data line refers to in the database; null where the cell itself is malformed. */
export interface LineKeys {
  line: number;
  memberNo: string | null;
  receiptNo: string | null;
}

export interface ImportLookups {
  /** The member's id, or null when no member has the number or the member was erased. */
  memberIdByNo(memberNo: string): string | null;
  receiptExists(receiptNo: string): boolean;
}

/** Parser errors after which the lines cannot be read at all (the file as a whole is refused). */
const FILE_LEVEL = new Set<string>(['too_large', 'not_utf8', 'too_many_rows', 'no_rows', 'unknown_column', 'duplicate_column', 'missing_column']);

/**
 * The member and receipt numbers of each data line of a file the parser refused, so the desk
 * learns about unknown members in the same round as the malformed cells instead of after fixing
 * them. Returns nothing when the file itself (size, encoding, header) was refused.
 */
export function keysOfRefusedFile(text: string, errors: readonly PosCsvError[]): LineKeys[] {
  if (errors.some((e) => e.line === 0 || FILE_LEVEL.has(e.code))) return [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const keys: LineKeys[] = [];
  let index: ReturnType<typeof readHeader>['index'] | null = null;
  let width = 0;
  for (const record of readCsv(body)) {
    if (record.problem !== null) continue;
    if (record.fields.every((f) => f.trim() === '')) continue;
    if (index === null) {
      const header = readHeader(record.fields);
      if (header.issues.length > 0) return [];
      index = header.index;
      width = record.fields.length;
      continue;
    }
    if (record.fields.length !== width) continue;
    const memberCell = index.member_no === undefined ? undefined : record.fields[index.member_no];
    const receiptCell = index.receipt_no === undefined ? undefined : record.fields[index.receipt_no];
    const receipt = receiptCell === undefined ? null : parseReceiptNo(receiptCell);
    keys.push({
      line: record.line,
      memberNo: memberCell === undefined ? null : parseMemberNo(memberCell),
      receiptNo: receipt?.ok ? receipt.receiptNo : null,
    });
  }
  return keys;
}

/**
 * Every line whose member is unknown (or erased) or whose receipt is already on record for this
 * branch. Member numbers are looked up once each; the member number itself is left out of the
 * message, the line says which one.
 */
export function checkAgainstDatabase(keys: readonly LineKeys[], lookups: ImportLookups): { errors: ImportLineError[]; memberIds: Map<string, string> } {
  const errors: ImportLineError[] = [];
  const memberIds = new Map<string, string | null>();
  for (const k of keys) {
    if (k.memberNo !== null) {
      let id = memberIds.get(k.memberNo);
      if (id === undefined) {
        id = lookups.memberIdByNo(k.memberNo);
        memberIds.set(k.memberNo, id);
      }
      if (id === null) errors.push({ line: k.line, column: 'member_no', code: 'unknown_member', message: 'no member with this member number (or the member was erased)' });
    }
    if (k.receiptNo !== null && lookups.receiptExists(k.receiptNo)) {
      errors.push({ line: k.line, column: 'receipt_no', code: 'duplicate_receipt', message: 'receipt number was already recorded at this branch' });
    }
  }
  const found = new Map<string, string>();
  for (const [no, id] of memberIds) if (id !== null) found.set(no, id);
  return { errors, memberIds: found };
}

/** Parser and database errors in line order, capped like the parser's own list. */
export function mergeErrors(parsed: readonly PosCsvError[], database: readonly ImportLineError[]): ImportLineError[] {
  const overflow = parsed.find((e) => e.code === 'too_many_errors');
  const all: ImportLineError[] = [
    ...parsed.filter((e) => e !== overflow).map((e) => ({ line: e.line, column: e.column ?? null, code: e.code, message: e.message })),
    ...database,
  ];
  // Stable sort: within a line, the parser's errors (column order) come before the database's.
  all.sort((a, b) => a.line - b.line);
  if (all.length <= MAX_ERRORS && !overflow) return all;
  const kept = all.slice(0, MAX_ERRORS);
  const firstLeftOut = all[MAX_ERRORS]?.line ?? overflow?.line ?? 0;
  return [...kept, { line: firstLeftOut, column: null, code: 'too_many_errors', message: `more than ${MAX_ERRORS} errors; only the first ${MAX_ERRORS} are listed` }];
}
