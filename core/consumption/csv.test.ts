import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from './csv';

const read = (text: string): CsvRecord[] => [...readCsv(text)];
const fieldsOf = (text: string): string[][] => read(text).map((r) => r.fields);

describe('readCsv', () => {
  it('splits LF and CRLF records and keeps empty fields', () => {
    expect(fieldsOf('a,b\nc,d\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(fieldsOf('a,b\r\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(fieldsOf(',a,\n\n')).toEqual([['', 'a', ''], ['']]);
    expect(fieldsOf('')).toEqual([]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const records = read('"a,b","say ""hi""","x\r\ny\nz"\nnext,"",""""\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['a,b', 'say "hi"', 'x\r\ny\nz'],
      ['next', '', '"'],
    ]);
    // The second record starts on line 4: two line breaks sit inside the first one.
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(records.every((r) => r.problem === null)).toBe(true);
  });

  it('keeps a lone CR as data (only LF and CRLF end a record)', () => {
    expect(fieldsOf('a\rb,c\n')).toEqual([['a\rb', 'c']]);
  });

  it('reports an unterminated quote at the line it opens and stops there', () => {
    const records = read('h1,h2\nok,1\nx,"never\nclosed\nmore,2\n');
    expect(records).toHaveLength(3);
    expect(records[2]?.problem).toMatchObject({ code: 'unterminated_quote', line: 3 });
    expect(read('a\n"b\n"c",d\n"e')[2]?.problem).toMatchObject({ code: 'unterminated_quote', line: 4 });
  });

  it('reports stray quotes but keeps the record aligned', () => {
    const records = read('12" pizza,1\n"ok"junk,2\nfine,3\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['12" pizza', '1'],
      ['okjunk', '2'],
      ['fine', '3'],
    ]);
    expect(records.map((r) => r.problem?.code ?? null)).toEqual(['bad_quote', 'bad_quote', null]);
  });

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '中', ',', '"', '\n', '\r', ' ', '1') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        expect(fieldsOf(text)).toEqual(rows);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '中') }), (text) => {
        const records = read(text);
        records.forEach((r, i) => {
          if (i > 0) expect(r.line).toBeGreaterThan(records[i - 1]?.line ?? 0);
        });
      }),
    );
  });
});
