import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptError, type FieldContext } from './fieldCipher';
import { newKeyBlob, parseKeyBlob, type KeyProvider } from './keys';

const keys = parseKeyBlob(newKeyBlob());
const cipher = new FieldCipher(keys);
const ctx: FieldContext = { table: 'member', column: 'id_card', rowId: 'm-0001' };
const ID = '110101199003070012X';
const HEALTH = '高血压，左膝半月板损伤，避免深蹲 🏋️';

function parts(sealed: string): Buffer[] {
  return sealed.split('.').slice(1).map((p) => Buffer.from(p, 'base64url'));
}
function reseal(version: string, bufs: Buffer[]): string {
  return [version, ...bufs.map((b) => b.toString('base64url'))].join('.');
}
function decryptError(run: () => unknown): FieldDecryptError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FieldDecryptError);
    return error as FieldDecryptError;
  }
  throw new Error('expected FieldDecryptError, got a value');
}

describe('FieldCipher round trip', () => {
  it.each([
    ['ASCII ID number', ID],
    ['CJK health note', HEALTH],
    ['emoji with ZWJ and skin tone', '👩🏽‍⚕️👨‍👩‍👧 ok'],
    ['empty string', ''],
    ['NUL and newlines', 'a\0b\r\nc'],
    ['64 KiB of CJK', '训'.repeat(64 * 1024)],
    ['64 KiB of ASCII', 'x'.repeat(64 * 1024)],
  ])('%s', (_label, plain) => {
    const sealed = cipher.encrypt(plain, ctx);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
    expect(cipher.decrypt(sealed, ctx)).toBe(plain);
  });

  it('keeps the plaintext exactly: no normalisation on the way in or out', () => {
    const decomposed = 'e\u0301 １２３ ';
    expect(cipher.decrypt(cipher.encrypt(decomposed, ctx), ctx)).toBe(decomposed);
  });

  it('draws a new IV for every value, so equal plaintexts do not show as equal', () => {
    const sealed = Array.from({ length: 200 }, () => cipher.encrypt(ID, ctx));
    expect(new Set(sealed).size).toBe(sealed.length);
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(sealed.length);
  });

  it('refuses a lone surrogate rather than sealing a lossy UTF-8 form of it', () => {
    expect(() => cipher.encrypt('ab\uD800', ctx)).toThrow(TypeError);
  });
});

describe('FieldCipher sealed text', () => {
  it.each([ID, HEALTH, 'secret-note-ascii', '身份证'])('does not contain the plaintext %s, raw or base64url', (plain) => {
    const sealed = cipher.encrypt(plain, ctx);
    expect(sealed).not.toContain(plain);
    expect(sealed).not.toContain(Buffer.from(plain).toString('base64url'));
    expect(sealed).not.toContain(Buffer.from(plain).toString('base64'));
    expect(sealed).not.toContain(Buffer.from(plain).toString('hex'));
  });
});

describe('FieldCipher tampering', () => {
  const sealed = cipher.encrypt(HEALTH, ctx);
  const [iv, body, tag] = parts(sealed) as [Buffer, Buffer, Buffer];

  it.each([
    ['iv', 0],
    ['ciphertext', 1],
    ['tag', 2],
  ] as const)('any flipped bit of the %s fails', (_name, which) => {
    const original = [iv, body, tag][which]!;
    for (let byte = 0; byte < original.length; byte++) {
      for (const mask of [0x01, 0x80]) {
        const bufs = [iv, body, tag].map((b) => Buffer.from(b));
        bufs[which]![byte]! ^= mask;
        expect(decryptError(() => cipher.decrypt(reseal('v1', bufs), ctx)).reason).toBe('authentication');
      }
    }
  });

  it('a truncated or extended ciphertext or tag fails', () => {
    const cases = [
      [iv, body.subarray(1), tag],
      [iv, Buffer.concat([body, Buffer.from([0])]), tag],
      [iv, body, tag.subarray(0, 12)],
      [iv, body, Buffer.concat([tag, Buffer.from([0])])],
      [iv.subarray(0, 11), body, tag],
      [iv, Buffer.alloc(0), tag],
    ];
    for (const bufs of cases) expect(() => cipher.decrypt(reseal('v1', bufs), ctx)).toThrow(FieldDecryptError);
  });

  it('swapped parts fail', () => {
    const short = cipher.encrypt('0123456789abcdef', ctx);
    const [i, b, t] = parts(short) as [Buffer, Buffer, Buffer];
    expect(() => cipher.decrypt(reseal('v1', [i, t, b]), ctx)).toThrow(FieldDecryptError);
  });

  it('a non-canonical spelling of the same bytes is malformed, not accepted', () => {
    const [version, ivText, bodyText, tagText] = sealed.split('.') as [string, string, string, string];
    // 16 tag bytes leave 2 spare bits in the last character; setting one keeps the bytes the same.
    const last = tagText.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelt = `${version}.${ivText}.${bodyText}.${tagText.slice(0, -1)}${twin}`;
    expect(Buffer.from(respelt.split('.')[3]!, 'base64url')).toEqual(tag);
    expect(decryptError(() => cipher.decrypt(respelt, ctx)).reason).toBe('malformed');
  });
});

describe('FieldCipher context binding', () => {
  const sealed = cipher.encrypt(ID, ctx);
  it.each<[string, FieldContext]>([
    ['another row', { ...ctx, rowId: 'm-0002' }],
    ['a row id differing in case', { ...ctx, rowId: 'M-0001' }],
    ['another column', { ...ctx, column: 'health_note' }],
    ['another table', { ...ctx, table: 'member_archive' }],
  ])('%s fails', (_label, other) => {
    expect(decryptError(() => cipher.decrypt(sealed, other)).reason).toBe('authentication');
  });

  it('table and column cannot shift a slash into each other', () => {
    expect(() => cipher.encrypt(ID, { table: 'member/id_card', column: 'x', rowId: '1' })).toThrow(TypeError);
    expect(() => cipher.decrypt(sealed, { table: 'member', column: 'id_card/m', rowId: '0001' })).toThrow(TypeError);
  });

  it('a row id may hold any text, slashes included', () => {
    const odd = { ...ctx, rowId: 'branch/SH-JA-01/会员/7' };
    expect(cipher.decrypt(cipher.encrypt(HEALTH, odd), odd)).toBe(HEALTH);
  });

  it.each<[string, FieldContext]>([
    ['empty row id', { ...ctx, rowId: '' }],
    ['empty table', { ...ctx, table: '' }],
    ['lone surrogate row id', { ...ctx, rowId: '\uDC00' }],
  ])('refuses a bad context (%s) as a caller bug', (_label, bad) => {
    expect(() => cipher.encrypt(ID, bad)).toThrow(TypeError);
    expect(() => cipher.decrypt(sealed, bad)).toThrow(TypeError);
  });
});

describe('FieldCipher keys', () => {
  it('a value sealed under another data key fails', () => {
    const other = new FieldCipher(parseKeyBlob(newKeyBlob()));
    expect(decryptError(() => other.decrypt(cipher.encrypt(ID, ctx), ctx)).reason).toBe('authentication');
  });

  it('a provider that hands out a short key is a configuration error, not a bad value', () => {
    const broken: KeyProvider = { dataKey: () => Buffer.alloc(16), indexKey: () => Buffer.alloc(32) };
    const bad = new FieldCipher(broken);
    expect(() => bad.encrypt(ID, ctx)).toThrow(/must return 32 bytes/);
    const error = (() => {
      try {
        bad.decrypt(cipher.encrypt(ID, ctx), ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(error).not.toBeInstanceOf(FieldDecryptError);
  });
});

describe('FieldDecryptError', () => {
  it.each([
    ['empty', ''],
    ['no dots', 'hello'],
    ['too few parts', 'v1.AAAAAAAAAAAAAAAA.AAAA'],
    ['too many parts', `${cipher.encrypt(ID, ctx)}.AA`],
    ['bad characters', 'v1.AAAAAAAAAAAAAAAA.AA+/.AAAAAAAAAAAAAAAAAAAAAA'],
    ['padding', 'v1.AAAAAAAAAAAAAAAA.AA==.AAAAAAAAAAAAAAAAAAAAAA'],
    ['wrong prefix', `V1${cipher.encrypt(ID, ctx).slice(2)}`],
    ['the plaintext itself', ID],
  ])('malformed: %s', (_label, sealed) => {
    expect(decryptError(() => cipher.decrypt(sealed, ctx)).reason).toBe('malformed');
  });

  it('tells an unknown future version apart from garbage', () => {
    const sealed = cipher.encrypt(ID, ctx).replace(/^v1/, 'v2');
    expect(decryptError(() => cipher.decrypt(sealed, ctx)).reason).toBe('unsupported-version');
  });

  it('never carries the plaintext, the row id or key material', () => {
    const sealed = cipher.encrypt(HEALTH, ctx);
    const messages = [
      decryptError(() => cipher.decrypt(sealed, { ...ctx, rowId: 'm-9999' })),
      decryptError(() => cipher.decrypt(sealed.slice(0, -3), ctx)),
      decryptError(() => cipher.decrypt(ID, ctx)),
    ].map((e) => `${e.message} ${e.stack ?? ''}`);
    for (const text of messages) {
      expect(text).toContain('member.id_card');
      for (const secret of [HEALTH, ID, 'm-9999', 'm-0001', keys.dataKey().toString('base64'), keys.dataKey().toString('hex'), sealed]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
