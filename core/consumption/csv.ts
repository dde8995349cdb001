/**
 * A small RFC 4180 tokenizer: comma-separated, `"`-quoted fields, `""` for a quote inside a quoted
 * field, CRLF or LF record ends, line breaks allowed inside quoted fields.
 *
 * It is lazy (a generator) so the caller can stop after N records without tokenizing a huge file,
 * and it never throws: malformed quoting is reported on the record and reading goes on where the
 * structure is still clear. It does not interpret fields (no trimming, no BOM handling).
 */

export type CsvProblemCode = 'unterminated_quote' | 'bad_quote';

export interface CsvProblem {
  code: CsvProblemCode;
  /** 1-based physical line of the offending quote. */
  line: number;
  message: string;
}

export interface CsvRecord {
  /** 1-based physical line the record starts on (line breaks inside quotes count as lines). */
  line: number;
  fields: string[];
  /**
   * The first quoting violation in the record, if any. With `unterminated_quote` the record is
   * the rest of the file and it is the last one yielded.
   */
  problem: CsvProblem | null;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Index of the next `,`, LF or CRLF at or after `from` (or the text's end). A lone CR is data. */
function unquotedEnd(text: string, from: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) return i;
  }
  return n;
}

function countLf(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export function* readCsv(text: string): Generator<CsvRecord, void, undefined> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let problem: CsvProblem | null = null;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        i++;
        value = '';
        let start = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            fields.push(value + text.slice(start));
            yield {
              line: recordLine,
              fields,
              problem: { code: 'unterminated_quote', line: openLine, message: `quoted field opened on line ${openLine} is never closed` },
            };
            return;
          }
          line += countLf(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            // `""` inside quotes is one literal quote.
            value += text.slice(start, q + 1);
            i = q + 2;
            start = i;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        const end = unquotedEnd(text, i);
        if (end !== i) {
          // `"abc"x`: keep the junk as data so the record stays aligned, but report it — a
          // half-quoted cell usually means the exporter did not escape something.
          problem ??= { code: 'bad_quote', line, message: 'text after the closing quote of a field' };
          value += text.slice(i, end);
          i = end;
        }
      } else {
        const end = unquotedEnd(text, i);
        value = text.slice(i, end);
        if (value.includes('"')) {
          problem ??= { code: 'bad_quote', line, message: 'quote character inside an unquoted field' };
        }
        i = end;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // LF or CRLF (unquotedEnd stops only there).
      i += c === CR ? 2 : 1;
      line++;
      break;
    }
    yield { line: recordLine, fields, problem };
  }
}
