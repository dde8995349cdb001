import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePosCsv, type ConsumptionRow, type PosCsvResult } from './posCsv';

const TODAY = '2025-06-30';
const parse = (text: string, maxRows?: number): PosCsvResult => parsePosCsv(text, { today: TODAY, maxRows });

type Col = 'member_no' | 'occurred_at' | 'category' | 'amount' | 'receipt_no' | 'note';
const COLS: Col[] = ['member_no', 'occurred_at', 'category', 'amount', 'receipt_no', 'note'];
const ZH_NAMES: Record<Col, string> = { member_no: '会员号', occurred_at: '消费时间', category: '类别', amount: '金额', receipt_no: '小票号', note: '备注' };

/** One generated row: the cells as written in the file and the row the parser must return. */
interface GenRow {
  cells: Record<Col, string>;
  expected: Omit<ConsumptionRow, 'line'>;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const dayArb = fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2025, 5, 30) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const occurredArb = fc
  .record({ date: dayArb, h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }), s: fc.option(fc.integer({ min: 0, max: 59 })) })
  .chain(({ date, h, m, s }) => {
    const time = `${pad(h)}:${pad(m)}${s === null ? '' : `:${pad(s)}`}`;
    const full = `${pad(h)}:${pad(m)}:${pad(s ?? 0)}`;
    return fc.oneof(
      fc.constant({ text: `${date} ${time}`, value: { kind: 'local' as const, value: `${date}T${full}` } }),
      fc.constantFrom('Z', '+08:00', '-05:00', '+0530', '+14:00').map((offset) => ({
        text: `${date}T${full}${offset}`,
        value: { kind: 'instant' as const, value: new Date(`${date}T${full}${offset.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')}`).toISOString() },
      })),
    );
  });

const categoryArb = fc.constantFrom(
  ['membership', 'membership'],
  ['Course', 'course'],
  ['PERSONAL_TRAINING', 'personal_training'],
  ['product', 'product'],
  ['会籍', 'membership'],
  ['课程', 'course'],
  ['私教', 'personal_training'],
  ['商品', 'product'],
) as fc.Arbitrary<[string, ConsumptionRow['category']]>;

const amountArb = fc.record({ fen: fc.integer({ min: 1, max: 100_000_000 }), grouped: fc.boolean(), prefix: fc.constantFrom('', '¥', '￥') }).map(({ fen, grouped, prefix }) => {
  const yuan = String(Math.floor(fen / 100));
  const int = grouped ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan;
  return { text: `${prefix}${int}.${pad(fen % 100)}`, fen };
});

const noteUnit = fc.constantFrom('a', '中', '文', ',', '"', '\n', '\r\n', '\t', ' ', '=', '😀', '-', '@');
const noteArb = fc.oneof(
  fc.constant({ text: '', note: null }),
  fc
    .string({ unit: noteUnit, minLength: 1, maxLength: 80 })
    .filter((s) => s.trim() !== '')
    .map((s) => ({ text: s, note: s as string | null })),
);

const rowArb = (receiptNo: string): fc.Arbitrary<GenRow> =>
  fc.record({ digits: fc.stringMatching(/^[0-9]{6,12}$/), m: fc.constantFrom('M', 'm'), at: occurredArb, cat: categoryArb, amount: amountArb, note: noteArb }).map(({ digits, m, at, cat, amount, note }) => ({
    cells: { member_no: `${m}${digits}`, occurred_at: at.text, category: cat[0], amount: amount.text, receipt_no: receiptNo, note: note.text },
    expected: { memberNo: `M${digits}`, occurredAt: at.value, category: cat[1], amountFen: amount.fen, receiptNo, note: note.note },
  }));

const receiptsArb = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,20}$/), { minLength: 1, maxLength: 8 });
const rowsArb = receiptsArb.chain((receipts) => fc.tuple(...receipts.map(rowArb)));

interface Layout {
  order: Col[];
  zh: boolean[];
  bom: boolean;
  eol: '\n' | '\r\n';
  trailing: number;
  quoteAll: boolean;
}
const layoutArb: fc.Arbitrary<Layout> = fc.record({
  order: fc.shuffledSubarray(COLS, { minLength: 6, maxLength: 6 }),
  zh: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  bom: fc.boolean(),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  trailing: fc.integer({ min: 0, max: 2 }),
  quoteAll: fc.boolean(),
});

const quote = (v: string, always: boolean) => (always || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Renders rows; returns the text and each row's first line. */
function render(rows: readonly Record<Col, string>[], l: Layout): { text: string; lines: number[] } {
  const header = l.order.map((c, i) => (l.zh[i] ? ZH_NAMES[c] : c)).join(',');
  const lines: number[] = [];
  let line = 2;
  const body = rows.map((cells) => {
    lines.push(line);
    const rendered = l.order.map((c) => quote(cells[c], l.quoteAll)).join(',');
    line += (rendered.match(/\n/g) ?? []).length + 1;
    return rendered;
  });
  const text = (l.bom ? '\uFEFF' : '') + [header, ...body].join(l.eol) + l.eol.repeat(l.trailing);
  return { text, lines };
}

/** What any ok result must satisfy, checked independently of the parser's own helpers. */
function checkInvariants(r: PosCsvResult): void {
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.length).toBeLessThanOrEqual(101);
    return;
  }
  expect(r.rows.length).toBeGreaterThan(0);
  const receipts = new Set<string>();
  let lastLine = 1;
  for (const row of r.rows) {
    expect(row.line).toBeGreaterThan(lastLine);
    lastLine = row.line;
    expect(row.memberNo).toMatch(/^M[0-9]{6,}$/);
    expect(row.occurredAt.value).toMatch(row.occurredAt.kind === 'local' ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Dates are checked as written, so an instant at +14:00 on 1 January 2000 is 1999 in UTC.
    expect(row.occurredAt.value.slice(0, 10) >= (row.occurredAt.kind === 'local' ? '2000-01-01' : '1999-12-31')).toBe(true);
    expect(['membership', 'course', 'personal_training', 'product']).toContain(row.category);
    expect(Number.isSafeInteger(row.amountFen) && row.amountFen >= 1 && row.amountFen <= 100_000_000).toBe(true);
    expect(row.receiptNo).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/);
    expect(receipts.has(row.receiptNo)).toBe(false);
    receipts.add(row.receiptNo);
    if (row.note !== null) expect(row.note).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/); // eslint-disable-line no-control-regex
  }
}

describe('parsePosCsv — properties', () => {
  it('returns exactly the generated rows for any well-formed file', () => {
    fc.assert(
      fc.property(rowsArb, layoutArb, (rows, layout) => {
        const { text, lines } = render(
          rows.map((r) => r.cells),
          layout,
        );
        expect(parse(text)).toEqual({ ok: true, rows: rows.map((r, i) => ({ line: lines[i], ...r.expected })) });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a file with one garbled cell on that line only, or accepts it whole', () => {
    const cell = fc.string({ unit: fc.constantFrom('M', '1', '0', '-', '.', ',', '"', '\n', '\u0001', ' ', '中', 'e', ':', '2025-06-01 ') });
    fc.assert(
      fc.property(rowsArb, layoutArb, fc.nat(), fc.constantFrom(...COLS), cell, (rows, layout, pick, col, garbage) => {
        const at = pick % rows.length;
        const cells = rows.map((r, i) => (i === at ? { ...r.cells, [col]: garbage } : r.cells));
        const { text, lines } = render(cells, layout);
        const r = parse(text);
        checkInvariants(r);
        if (!r.ok) {
          for (const e of r.errors) {
            const dupOfGarbled = e.code === 'duplicate_receipt' && e.message.includes(`line ${lines[at]}`);
            expect(e.line === lines[at] || dupOfGarbled).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage, and accepts it only when it is well-formed', () => {
    const unit = fc.constantFrom('a', 'M', '1', '0', ',', '"', '\n', '\r', '\uFEFF', '\u0000', '中', '-', '.', ':', ' ', 'T', 'Z', '¥');
    const header = 'member_no,occurred_at,category,amount,receipt_no\n';
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit }), fc.string({ unit }).map((s) => header + s), fc.string({ unit: 'grapheme' })), (text) => {
        checkInvariants(parse(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parsePosCsv — volume', () => {
  const goodLine = (i: number) => `M${String(100000 + (i % 900000))},2025-06-01 10:${pad(i % 60)},course,${(i % 5000) + 1}.${pad(i % 100)},R${i},`;
  const file = (n: number, bad?: { at: number; line: string }) => {
    const rows = Array.from({ length: n }, (_, i) => (bad && i === bad.at ? bad.line : goodLine(i)));
    return `member_no,occurred_at,category,amount,receipt_no,note\n${rows.join('\n')}\n`;
  };

  it('is all or nothing: one bad row among 1,000 good ones is the only error and no row comes back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (at) => {
        const r = parse(file(1000, { at, line: `M000001,2025-06-01 10:00,course,12.345,X${at},` }));
        expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'bad_amount', line: at + 2, column: 'amount' })] });
      }),
      { numRuns: 20 },
    );
  });

  it('parses 50,000 rows and refuses 50,001', () => {
    const ok = parse(file(50_000));
    expect(ok.ok && ok.rows.length).toBe(50_000);
    expect(parse(file(50_001))).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'too_many_rows', line: 50_002 })] });
  });
});
