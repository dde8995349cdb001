// Keys for sealed personal-data fields and their blind indexes (SECURITY.md "Personal data").
// One JSON blob `{ version: 1, dataKey, indexKey }` (base64, 32 bytes each) is the unit of
// storage: Electron keeps it encrypted with safeStorage, the web preview host and tests keep it
// in a 0600 file. Both go through parseKeyBlob/newKeyBlob, so the two hosts cannot drift.
//
// No error raised here quotes the blob, a field value or a decoded byte: key files end up in
// support tickets and crash logs.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const KEY_BYTES = 32;
const BLOB_VERSION = 1;
const BLOB_FIELDS = new Set(['version', 'dataKey', 'indexKey']);

export interface KeyProvider {
  /** AES-256-GCM key for sealed fields; 32 bytes. */
  dataKey(): Buffer;
  /**
   * HMAC-SHA256 key for blind indexes; 32 bytes. Never replicated: a branch that held it could
   * test guessed ID numbers against the index offline, and branches hold no ID numbers at all.
   */
  indexKey(): Buffer;
}

export class KeyBlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyBlobError';
  }
}

/** The keys of a blob as a provider. Throws KeyBlobError, whose message holds no key material. */
export function parseKeyBlob(json: string): KeyProvider {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // V8's SyntaxError quotes the text around the fault, which may be a key.
    throw new KeyBlobError('key blob is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new KeyBlobError('key blob must be a JSON object');
  }
  const blob = raw as Record<string, unknown>;
  // Only the count: a mangled file can put key text where a field name belongs.
  const extra = Object.keys(blob).filter((k) => !BLOB_FIELDS.has(k)).length;
  if (extra > 0) throw new KeyBlobError(`key blob has ${extra} unexpected field(s)`);
  if (blob.version !== BLOB_VERSION) {
    const seen = typeof blob.version === 'number' ? String(blob.version) : typeof blob.version;
    throw new KeyBlobError(`key blob version must be ${BLOB_VERSION} (found ${seen})`);
  }
  const dataKey = decodeKey('dataKey', blob.dataKey);
  const indexKey = decodeKey('indexKey', blob.indexKey);
  // Equal keys mean a hand-made or copy-pasted blob; one key for both jobs breaks key separation.
  if (dataKey.equals(indexKey)) throw new KeyBlobError('key blob dataKey and indexKey must differ');
  return keyProvider(dataKey, indexKey);
}

/** A fresh blob with random keys, for first start. */
export function newKeyBlob(): string {
  return JSON.stringify({
    version: BLOB_VERSION,
    dataKey: randomBytes(KEY_BYTES).toString('base64'),
    indexKey: randomBytes(KEY_BYTES).toString('base64'),
  });
}

/**
 * Keys from a JSON key file, created with random keys (mode 0600) if missing. Read once, here, so
 * a bad file fails at start-up rather than on the first member saved.
 */
export function fileKeyProvider(path: string): KeyProvider {
  const text = readKeyFile(path) ?? createKeyFile(path);
  try {
    return parseKeyBlob(text);
  } catch (error) {
    if (error instanceof KeyBlobError) throw new KeyBlobError(`key file ${path}: ${error.message}`);
    throw error;
  }
}

function keyProvider(dataKey: Buffer, indexKey: Buffer): KeyProvider {
  // Copies out, so a caller that zeroes or reuses its buffer cannot change the held key; closures,
  // so logging the provider shows no bytes.
  return { dataKey: () => Buffer.from(dataKey), indexKey: () => Buffer.from(indexKey) };
}

function decodeKey(field: string, value: unknown): Buffer {
  if (typeof value !== 'string') throw new KeyBlobError(`key blob ${field} must be a base64 string`);
  // Buffer.from skips characters it does not know; insist on the canonical encoding instead, so
  // a damaged file is refused rather than read as some other key.
  const bytes = Buffer.from(value, 'base64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || bytes.toString('base64') !== value) {
    throw new KeyBlobError(`key blob ${field} is not canonical base64`);
  }
  if (bytes.length !== KEY_BYTES) {
    throw new KeyBlobError(`key blob ${field} must be ${KEY_BYTES} bytes (found ${bytes.length})`);
  }
  return bytes;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function readKeyFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new KeyBlobError(`key file ${path}: not readable (${errorCode(error) ?? 'unknown error'})`);
  }
}

/**
 * Writes a new blob to a private temp file, then publishes it under `path` without ever
 * overwriting: a second process that raced us to create the file keeps its keys and we read
 * them, because replacing a key file that already sealed data would lose that data for good.
 */
function createKeyFile(path: string): string {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const blob = newKeyBlob();
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follow or reuse something already at the temp name; 0600 from the first byte.
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeFileSync(fd, blob);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    publish(temp, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readFileSync(path, 'utf8');
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  syncDirectory(dir);
  return blob;
}

function publish(temp: string, path: string): void {
  try {
    // link() is the atomic create-if-absent that rename() is not: it fails with EEXIST.
    linkSync(temp, path);
  } catch (error) {
    const code = errorCode(error);
    // Filesystems without hard links (FAT, some network shares): plain rename, after one more look.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (readKeyFile(path) !== null) throw Object.assign(new Error('key file appeared'), { code: 'EEXIST' });
    renameSync(temp, path);
  }
}

/** Best effort: without it a power cut can drop the new name and the next start makes new keys. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; nothing more to do there.
  }
}
