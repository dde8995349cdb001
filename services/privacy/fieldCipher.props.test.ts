import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptError, type FieldContext } from './fieldCipher';
import { newKeyBlob, parseKeyBlob } from './keys';

const cipher = new FieldCipher(parseKeyBlob(newKeyBlob()));
const fixed: FieldContext = { table: 'member', column: 'health_note', rowId: 'm-1' };

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
const context: fc.Arbitrary<FieldContext> = fc.record({
  table: identifier,
  column: identifier,
  rowId: fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })),
});
// 'binary' covers every code point (astral included, lone surrogates not), 'grapheme' real text.
const plaintext = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }));
const sameContext = (a: FieldContext, b: FieldContext) => a.table === b.table && a.column === b.column && a.rowId === b.rowId;

/** Runs decrypt and tells how it ended: only 'FieldDecryptError' is acceptable for bad input. */
function outcome(sealed: string, ctx: FieldContext): string {
  try {
    return `returned ${JSON.stringify(cipher.decrypt(sealed, ctx))}`;
  } catch (error) {
    return error instanceof FieldDecryptError ? 'FieldDecryptError' : `threw ${String(error)}`;
  }
}

describe('FieldCipher properties', () => {
  it('decrypt(encrypt(x)) = x for any text and any context', () => {
    fc.assert(
      fc.property(plaintext, context, (plain, ctx) => {
        expect(cipher.decrypt(cipher.encrypt(plain, ctx), ctx)).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });

  it('opens only under the context it was sealed for', () => {
    fc.assert(
      fc.property(plaintext, context, context, (plain, a, b) => {
        fc.pre(!sameContext(a, b));
        expect(outcome(cipher.encrypt(plain, a), b)).toBe('FieldDecryptError');
      }),
      { numRuns: 300 },
    );
  });

  it('random strings only ever end in FieldDecryptError', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.base64String());
    fc.assert(
      fc.property(anyText, (junk) => {
        expect(outcome(junk, fixed)).toBe('FieldDecryptError');
      }),
      { numRuns: 1000 },
    );
  });

  it('well-shaped v1 strings with random parts only ever end in FieldDecryptError', () => {
    const b64url = (min: number, max: number) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('base64url'));
    fc.assert(
      fc.property(fc.tuple(b64url(0, 20), b64url(0, 40), b64url(0, 20)), ([iv, body, tag]) => {
        expect(outcome(`v1.${iv}.${body}.${tag}`, fixed)).toBe('FieldDecryptError');
      }),
      { numRuns: 500 },
    );
  });

  it('changing, dropping or inserting any one character of sealed text ends in FieldDecryptError', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.v=+/ ';
    const edit = fc.record({
      kind: fc.constantFrom('replace', 'drop', 'insert'),
      at: fc.nat(),
      char: fc.constantFrom(...alphabet),
    });
    fc.assert(
      fc.property(plaintext, edit, (plain, { kind, at, char }) => {
        const sealed = cipher.encrypt(plain, fixed);
        const i = at % sealed.length;
        const changed =
          kind === 'replace'
            ? sealed.slice(0, i) + char + sealed.slice(i + 1)
            : kind === 'drop'
              ? sealed.slice(0, i) + sealed.slice(i + 1)
              : sealed.slice(0, i) + char + sealed.slice(i);
        fc.pre(changed !== sealed);
        expect(outcome(changed, fixed)).toBe('FieldDecryptError');
      }),
      { numRuns: 1000 },
    );
  });
});
