import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyProvider, KeyBlobError, newKeyBlob, parseKeyBlob } from './keys';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const b64 = (fill: number, length = 32) => Buffer.alloc(length, fill).toString('base64');
const blob = (fields: Record<string, unknown>) => JSON.stringify({ version: 1, dataKey: b64(1), indexKey: b64(2), ...fields });

/** The KeyBlobError thrown, checked to carry none of the given secrets in message or stack. */
function refusal(run: () => unknown, secrets: string[]): KeyBlobError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KeyBlobError);
  const error = caught as KeyBlobError;
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    expect(error.stack ?? '').not.toContain(secret);
  }
  return error;
}

describe('newKeyBlob / parseKeyBlob', () => {
  it('round-trips two distinct random 32-byte keys', () => {
    const text = newKeyBlob();
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['dataKey', 'indexKey', 'version']);
    const keys = parseKeyBlob(text);
    expect(keys.dataKey()).toHaveLength(32);
    expect(keys.indexKey()).toHaveLength(32);
    expect(keys.dataKey().toString('base64')).toBe(parsed.dataKey);
    expect(keys.dataKey().equals(keys.indexKey())).toBe(false);
    expect(parseKeyBlob(newKeyBlob()).dataKey().equals(keys.dataKey())).toBe(false);
  });

  it('hands out copies, and shows no bytes when logged', () => {
    const keys = parseKeyBlob(blob({}));
    keys.dataKey().fill(0);
    expect(keys.dataKey()).toEqual(Buffer.alloc(32, 1));
    expect(inspect(keys, { depth: 5 })).not.toContain(b64(1));
    expect(JSON.stringify(keys)).not.toContain(b64(1));
  });

  it.each<[string, string, RegExp, string[]]>([
    ['not JSON, with a key right before the fault', `{"version":1,"dataKey":"${b64(9)}" "indexKey":"${b64(8)}"}`, /not valid JSON/, [b64(9), b64(8)]],
    ['not JSON, starting with key text', `${b64(9)}`, /not valid JSON/, [b64(9), b64(9).slice(0, 8)]],
    ['an array', `["${b64(9)}"]`, /must be a JSON object/, [b64(9)]],
    ['null', 'null', /must be a JSON object/, []],
    ['short dataKey', blob({ dataKey: b64(9, 16) }), /dataKey must be 32 bytes \(found 16\)/, [b64(9, 16)]],
    ['long indexKey', blob({ indexKey: b64(9, 33) }), /indexKey must be 32 bytes \(found 33\)/, [b64(9, 33)]],
    ['missing indexKey', blob({ indexKey: undefined }), /indexKey must be a base64 string/, []],
    ['numeric dataKey', blob({ dataKey: 12345 }), /dataKey must be a base64 string/, ['12345']],
    ['base64url instead of base64', blob({ dataKey: Buffer.alloc(32, 0xfb).toString('base64url') }), /dataKey is not canonical base64/, [Buffer.alloc(32, 0xfb).toString('base64url')]],
    ['stray characters', blob({ dataKey: `${b64(9)}!` }), /dataKey is not canonical base64/, [b64(9)]],
    ['whitespace inside', blob({ dataKey: `${b64(9).slice(0, 10)} ${b64(9).slice(10)}` }), /not canonical base64/, [b64(9).slice(0, 10)]],
    ['wrong version', blob({ version: 2 }), /version must be 1 \(found 2\)/, []],
    ['string version', blob({ version: '1' }), /version must be 1 \(found string\)/, []],
    ['unknown field holding a key', blob({ [b64(9)]: b64(8) }), /1 unexpected field/, [b64(9), b64(8)]],
    ['the same key twice', blob({ dataKey: b64(9), indexKey: b64(9) }), /must differ/, [b64(9)]],
  ])('refuses %s without quoting key material', (_label, text, message, secrets) => {
    expect(refusal(() => parseKeyBlob(text), secrets).message).toMatch(message);
  });
});

describe('fileKeyProvider', () => {
  it('creates a missing key file (and its folder) with mode 0600 and random keys', () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'privacy-keys.json');
    const keys = fileKeyProvider(path);
    expect(keys.dataKey()).toHaveLength(32);
    expect(keys.indexKey()).toHaveLength(32);
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'nested')).mode & 0o077).toBe(0);
    }
    expect(parseKeyBlob(readFileSync(path, 'utf8')).dataKey()).toEqual(keys.dataKey());
    // The temp file is gone: only the published name remains.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['privacy-keys.json']);
  });

  it('reuses an existing file without rewriting it', () => {
    const path = join(tempDir(), 'keys.json');
    const first = fileKeyProvider(path);
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const second = fileKeyProvider(path);
    expect(second.dataKey()).toEqual(first.dataKey());
    expect(second.indexKey()).toEqual(first.indexKey());
    expect(readFileSync(path)).toEqual(before);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('reads a file written by another host (Electron exports the same blob)', () => {
    const path = join(tempDir(), 'keys.json');
    writeFileSync(path, blob({}));
    expect(fileKeyProvider(path).indexKey()).toEqual(Buffer.alloc(32, 2));
  });

  it('refuses a malformed file by path, without key bytes, and leaves it alone', () => {
    const path = join(tempDir(), 'keys.json');
    const text = blob({ dataKey: b64(0x5a, 31) });
    writeFileSync(path, text);
    const error = refusal(() => fileKeyProvider(path), [b64(0x5a, 31), Buffer.alloc(31, 0x5a).toString('hex'), 'ZZZZ']);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/dataKey must be 32 bytes \(found 31\)/);
    // Never "repaired" with fresh keys: that would orphan every value sealed under the old ones.
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a truncated file rather than treating it as missing', () => {
    const path = join(tempDir(), 'keys.json');
    const text = newKeyBlob().slice(0, 40);
    writeFileSync(path, text);
    const keyPrefix = (JSON.parse(`${text}"}`) as { dataKey: string }).dataKey;
    expect(refusal(() => fileKeyProvider(path), [keyPrefix]).message).toMatch(/not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses an empty file', () => {
    const path = join(tempDir(), 'keys.json');
    writeFileSync(path, '');
    expect(refusal(() => fileKeyProvider(path), []).message).toMatch(/not valid JSON/);
  });

  it('refuses a path that is a folder with a clear error', () => {
    const path = join(tempDir(), 'keys.json');
    mkdirSync(path);
    expect(refusal(() => fileKeyProvider(path), []).message).toMatch(/not readable \(EISDIR\)/);
  });
});
