import { describe, expect, it } from 'vitest';
import { MAX_ERRORS, type PosCsvError } from '../../core/consumption/posCsv';
import { checkAgainstDatabase, keysOfRefusedFile, mergeErrors } from './importCheck';

const HEADER = 'member_no,occurred_at,category,amount,receipt_no';

describe('keysOfRefusedFile', () => {
  it('reads member and receipt numbers of every line, null where the cell is malformed', () => {
    const text = `\uFEFF${HEADER}\nM000001,x,x,x,R-1\nbad,x,x,x,=1\n\nM000002,x,x,x\n"M000003",x,x,x,R-3`;
    expect(keysOfRefusedFile(text, [{ line: 2, code: 'bad_date', message: '' }])).toEqual([
      { line: 2, memberNo: 'M000001', receiptNo: 'R-1' },
      { line: 3, memberNo: null, receiptNo: null },
      { line: 6, memberNo: 'M000003', receiptNo: 'R-3' },
    ]);
  });
  it('reads nothing when the file as a whole was refused', () => {
    expect(keysOfRefusedFile(`${HEADER}\nM000001,x,x,x,R-1`, [{ line: 0, code: 'too_large', message: '' }])).toEqual([]);
    expect(keysOfRefusedFile(`会员,x\nM000001,x`, [{ line: 1, code: 'unknown_column', message: '' }])).toEqual([]);
  });
});

describe('checkAgainstDatabase', () => {
  it('looks each member number up once and reports unknown members and known receipts by line', () => {
    const asked: string[] = [];
    const result = checkAgainstDatabase(
      [
        { line: 2, memberNo: 'M000001', receiptNo: 'R-1' },
        { line: 3, memberNo: 'M000009', receiptNo: 'R-2' },
        { line: 4, memberNo: 'M000001', receiptNo: null },
      ],
      {
        memberIdByNo: (no) => (asked.push(no), no === 'M000001' ? 'id-1' : null),
        receiptExists: (r) => r === 'R-2',
      },
    );
    expect(asked).toEqual(['M000001', 'M000009']);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'unknown_member'],
      [3, 'duplicate_receipt'],
    ]);
    expect([...result.memberIds]).toEqual([['M000001', 'id-1']]);
  });
});

describe('mergeErrors', () => {
  it('orders by line, parser errors first within a line', () => {
    const parsed: PosCsvError[] = [{ line: 4, column: 'amount', code: 'bad_amount', message: '' }];
    const merged = mergeErrors(parsed, [
      { line: 4, column: 'member_no', code: 'unknown_member', message: '' },
      { line: 2, column: 'receipt_no', code: 'duplicate_receipt', message: '' },
    ]);
    expect(merged.map((e) => [e.line, e.code])).toEqual([
      [2, 'duplicate_receipt'],
      [4, 'bad_amount'],
      [4, 'unknown_member'],
    ]);
  });
  it('keeps the first 100 and says more existed', () => {
    const database = Array.from({ length: MAX_ERRORS + 5 }, (_, i) => ({ line: i + 2, column: 'member_no', code: 'unknown_member', message: '' }));
    const merged = mergeErrors([], database);
    expect(merged).toHaveLength(MAX_ERRORS + 1);
    expect(merged.at(-1)).toMatchObject({ line: MAX_ERRORS + 2, code: 'too_many_errors', column: null });
  });
});
