import { describe, expect, it } from 'vitest';
import { parsePosCsv, type PosCsvError, type PosCsvResult } from './posCsv';

const TODAY = '2025-06-30';
const EN = 'member_no,occurred_at,category,amount,receipt_no,note';
const ZH = '会员号,消费时间,类别,金额,小票号,备注';

const parse = (text: string, extra: { maxRows?: number; maxBytes?: number } = {}): PosCsvResult => parsePosCsv(text, { today: TODAY, ...extra });

function errorsOf(text: string, extra?: { maxRows?: number; maxBytes?: number }): PosCsvError[] {
  const r = parse(text, extra);
  if (r.ok) throw new Error(`expected errors, got ${r.rows.length} rows`);
  return r.errors;
}

/** A file with one good row on line 2 and `row` on line 3. */
const withRow = (row: string): string => `${EN}\nM000001,2025-06-01 10:00,course,100,R1,\n${row}\n`;

describe('parsePosCsv — good files', () => {
  it('reads an English file with LF line ends', () => {
    const r = parse(`${EN}\nm0012345,2025-06-01 09:05,membership,1280,R-001,first year\nM000002,2025-06-02 18:30:15,product,19.99,R_002,\n`);
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          memberNo: 'M0012345',
          occurredAt: { kind: 'local', value: '2025-06-01T09:05:00' },
          category: 'membership',
          amountFen: 128000,
          receiptNo: 'R-001',
          note: 'first year',
        },
        {
          line: 3,
          memberNo: 'M000002',
          occurredAt: { kind: 'local', value: '2025-06-02T18:30:15' },
          category: 'product',
          amountFen: 1999,
          receiptNo: 'R_002',
          note: null,
        },
      ],
    });
  });

  it('reads a Chinese file with BOM, CRLF, quoted commas and quotes, and line breaks in quotes', () => {
    const text =
      `\uFEFF${ZH}\r\n` +
      `M100001,2025-06-01T14:05:00+08:00,私教,"1,280.50","P1","说 ""谢谢"", 下次再来"\r\n` +
      `M100002,2025/6/3 9:07,课程,¥88,P2,"第一行\r\n第二行"\r\n` +
      `M100003,2025-06-04T01:00:00Z,会籍,"￥3,000",P3,=1+1\r\n` +
      `M100004,2025-06-05 20:00,商品,0.1,P4,\r\n\r\n\r\n`;
    const r = parse(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((row) => [row.line, row.category, row.amountFen, row.occurredAt, row.note])).toEqual([
      [2, 'personal_training', 128050, { kind: 'instant', value: '2025-06-01T06:05:00.000Z' }, '说 "谢谢", 下次再来'],
      [3, 'course', 8800, { kind: 'local', value: '2025-06-03T09:07:00' }, '第一行\r\n第二行'],
      // Line 5: the note above spans lines 3 and 4. A formula-looking note is kept as text.
      [5, 'membership', 300000, { kind: 'instant', value: '2025-06-04T01:00:00.000Z' }, '=1+1'],
      [6, 'product', 10, { kind: 'local', value: '2025-06-05T20:00:00' }, null],
    ]);
  });

  it('matches headers case-insensitively in any order, with or without the note column', () => {
    const r = parse(' Receipt_No ,AMOUNT,Category,Member_No,消费时间\nR9,5,Course,m123456,2025-01-01 00:00\n');
    expect(r).toMatchObject({ ok: true, rows: [{ receiptNo: 'R9', amountFen: 500, category: 'course', memberNo: 'M123456', note: null }] });
  });

  it('accepts today, and instants whose written date is today at their own offset', () => {
    const r = parse(`${EN}\nM000001,2025-06-30 23:59:59,course,1,A,\nM000001,2025-06-30T23:00:00-10:00,course,1,B,\n`);
    expect(r).toMatchObject({ ok: true, rows: [{}, { occurredAt: { kind: 'instant', value: '2025-07-01T09:00:00.000Z' } }] });
  });
});

describe('parsePosCsv — each error with its line', () => {
  const cases: [string, string, Partial<PosCsvError>][] = [
    ['missing_column', `member_no,occurred_at,category,receipt_no\nM000001,2025-06-01 10:00,course,R1\n`, { line: 1, column: 'amount' }],
    ['unknown_column', `${EN},total\n`, { line: 1, column: 'total' }],
    ['duplicate_column', `${EN},会员号\n`, { line: 1, column: 'member_no' }],
    ['bad_member_no', withRow('M12345,2025-06-01 10:00,course,100,R2,'), { line: 3, column: 'member_no' }],
    ['bad_member_no', withRow('１２３４５６７,2025-06-01 10:00,course,100,R2,'), { line: 3, column: 'member_no' }],
    ['bad_amount', withRow('M000002,2025-06-01 10:00,course,-100,R2,'), { line: 3, column: 'amount' }],
    ['bad_amount', withRow('M000002,2025-06-01 10:00,course,1e5,R2,'), { line: 3, column: 'amount' }],
    ['bad_category', withRow('M000002,2025-06-01 10:00,yoga,100,R2,'), { line: 3, column: 'category' }],
    ['bad_date', withRow('M000002,2025-02-29 10:00,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['bad_date', withRow('M000002,1999-12-31 23:59,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['bad_date', withRow('M000002,06/01/2025 10:00,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['bad_date', withRow('M000002,2025-06-01T10:00:00+15:00,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['future_date', withRow('M000002,2025-07-01 00:00,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['future_date', withRow('M000002,2025-07-01T00:30:00+08:00,course,100,R2,'), { line: 3, column: 'occurred_at' }],
    ['bad_receipt_no', withRow('M000002,2025-06-01 10:00,course,100,R 2,'), { line: 3, column: 'receipt_no' }],
    ['bad_receipt_no', withRow(`M000002,2025-06-01 10:00,course,100,${'R'.repeat(65)},`), { line: 3, column: 'receipt_no' }],
    ['bad_receipt_no', withRow('M000002,2025-06-01 10:00,course,100,,'), { line: 3, column: 'receipt_no' }],
    ['formula_cell', withRow('M000002,2025-06-01 10:00,course,100,-2+3,'), { line: 3, column: 'receipt_no' }],
    ['duplicate_receipt', withRow('M000002,2025-06-01 10:00,course,100,R1,'), { line: 3, column: 'receipt_no', message: expect.stringContaining('line 2') }],
    ['note_too_long', withRow(`M000002,2025-06-01 10:00,course,100,R2,${'长'.repeat(201)}`), { line: 3, column: 'note' }],
    ['unterminated_quote', withRow('M000002,2025-06-01 10:00,course,100,R2,"oops\nM000003,2025-06-01 10:00,course,100,R3,'), { line: 3 }],
    ['bad_quote', withRow('M000002,2025-06-01 10:00,course,100,R2,12" tall'), { line: 3 }],
    ['control_character', withRow('M000002,2025-06-01 10:00,course,100,R2,bell\u0007'), { line: 3, column: 'note' }],
    ['control_character', withRow('M000002,2025-06-01 10:00,course,100,R2,old mac\rline'), { line: 3, column: 'note' }],
    ['control_character', withRow('M000002,2025-06-01 10:00,course,100,R2,\u202Eevil'), { line: 3, column: 'note' }],
    ['wrong_field_count', withRow('M000002,2025-06-01 10:00,course,100,R2'), { line: 3 }],
    ['wrong_field_count', withRow('M000002,2025-06-01 10:00,course,100,R2,,'), { line: 3 }],
    ['blank_row', `${EN}\nM000001,2025-06-01 10:00,course,100,R1,\n\nM000002,2025-06-01 10:00,course,100,R2,\n`, { line: 3 }],
    ['blank_row', `${EN}\nM000001,2025-06-01 10:00,course,100,R1,\n,,,,,\nM000002,2025-06-01 10:00,course,100,R2,\n`, { line: 3 }],
    ['not_utf8', `${EN}\nM000001,2025-06-01 10:00,\uFFFD\uFFFD,100,R1,\n`, { line: 2 }],
    ['no_rows', '', { line: 0 }],
    ['no_rows', '\uFEFF', { line: 0 }],
    ['no_rows', `${EN}\r\n`, { line: 0 }],
    ['no_rows', `\uFEFF${ZH}\n\n\n`, { line: 0 }],
  ];

  it.each(cases)('%s (%#)', (code, text, expected) => {
    expect(errorsOf(text)).toEqual([expect.objectContaining({ code, ...expected })]);
  });

  it('reports every bad cell of a row, left to right, with the whole-file errors in line order', () => {
    const text = `${EN}\nM1,2030-01-01 10:00,gym,0,R1,\nM000002,2025-06-01 10:00,course,1,R2,\nM000003,2025-06-01 10:00,course,1,R2,\n`;
    expect(errorsOf(text).map((e) => [e.line, e.code])).toEqual([
      [2, 'bad_member_no'],
      [2, 'future_date'],
      [2, 'bad_category'],
      [2, 'bad_amount'],
      [4, 'duplicate_receipt'],
    ]);
  });

  it('names every missing column and stops at a broken header', () => {
    expect(errorsOf('note,whatever\nx,y\n').map((e) => [e.code, e.column])).toEqual([
      ['unknown_column', 'whatever'],
      ['missing_column', 'member_no'],
      ['missing_column', 'occurred_at'],
      ['missing_column', 'category'],
      ['missing_column', 'amount'],
      ['missing_column', 'receipt_no'],
    ]);
  });

  it('refuses too many rows and too many bytes with a single error', () => {
    const rows = [1, 2, 3, 4].map((i) => `M00000${i},2025-06-01 10:00,course,1,R${i},`).join('\n');
    expect(errorsOf(`${EN}\n${rows}\n`, { maxRows: 3 })).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 5 })]);
    expect(parse(`${EN}\n${rows}\n`, { maxRows: 4 }).ok).toBe(true);
    const text = `${EN}\n${rows}\n`;
    expect(errorsOf(text, { maxBytes: text.length - 1 })).toEqual([expect.objectContaining({ code: 'too_large', line: 0 })]);
    expect(parse(text, { maxBytes: text.length }).ok).toBe(true);
    // Bytes are UTF-8 bytes, not UTF-16 units: each CJK character is three.
    const zh = `${ZH}\nM000001,2025-06-01 10:00,课程,1,R1,\n`;
    expect(errorsOf(zh, { maxBytes: zh.length + 10 })[0]?.code).toBe('too_large');
    expect(parse(zh, { maxBytes: new TextEncoder().encode(zh).length }).ok).toBe(true);
  });

  it('gives the single too_many_rows error even after a broken header or a full error list', () => {
    const bad = Array.from({ length: 200 }, (_, i) => `M1,2025-06-01 10:00,course,1,R${i},`).join('\n');
    expect(errorsOf(`${EN}\n${bad}\n`, { maxRows: 150 })).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 152 })]);
    expect(errorsOf(`${EN},extra\n${bad}\n`, { maxRows: 150 })).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 152 })]);
  });

  it('keeps the first 100 errors and ends with too_many_errors', () => {
    const bad = Array.from({ length: 150 }, (_, i) => `M1,2025-06-01 10:00,course,1,R${i},`).join('\n');
    const errors = errorsOf(`${EN}\n${bad}\n`);
    expect(errors).toHaveLength(101);
    expect(errors[99]).toMatchObject({ code: 'bad_member_no', line: 101 });
    expect(errors[100]).toMatchObject({ code: 'too_many_errors', line: 102 });
  });

  it('never echoes more than 40 characters of a cell', () => {
    const long = 'x'.repeat(500);
    const errors = errorsOf(`${EN},${long}\nM${long},${long},${long},${long},${long},${long},\n`);
    for (const e of errors) {
      expect(e.message).not.toContain('x'.repeat(40));
      expect((e.column ?? '').length).toBeLessThanOrEqual(40);
    }
    const rowErrors = errorsOf(withRow(`M${long},${long},${long},${long},${long},${long}`));
    expect(rowErrors.map((e) => e.code)).toEqual(['bad_member_no', 'bad_date', 'bad_category', 'bad_amount', 'bad_receipt_no', 'note_too_long']);
    for (const e of rowErrors) expect(e.message).not.toContain('x'.repeat(40));
  });

  it('throws on bad options, which are the caller’s bug and not the file’s', () => {
    expect(() => parsePosCsv('', { today: '2025-6-30' })).toThrow(RangeError);
    expect(() => parsePosCsv('', { today: '2025-02-30' })).toThrow(RangeError);
    expect(() => parsePosCsv('', { today: TODAY, maxRows: 0 })).toThrow(RangeError);
  });
});
