// Where the device credential head office issued at enrollment lives (never in SQLite): Electron
// seals it with the OS key store (safeStorage, like the field keys in privacy/sealedKeyFile.ts);
// the web preview host and tests keep it in a 0600 file beside the database. Both go through
// parseCredential/serializeCredential, so the two hosts cannot drift. No error quotes the secret.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OsKeyStore } from '../privacy/sealedKeyFile';
import type { SyncSecretProvider } from './signer';

export interface SyncCredential {
  deviceId: string;
  /** Head office's code of the branch this PC is enrolled under (shown on the desk). */
  branchCode: string;
  /** base64 of the 32-byte secret. */
  secret: string;
}

/** The port: a composition root passes the sealed store (Electron) or the file store (preview, tests). */
export interface SyncSecretStore {
  load(): SyncCredential | null;
  save(credential: SyncCredential): void;
}

export class SyncSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncSecretError';
  }
}

const VERSION = 1;

export function serializeCredential(c: SyncCredential): string {
  return JSON.stringify({ version: VERSION, deviceId: c.deviceId, branchCode: c.branchCode, secret: c.secret });
}

export function parseCredential(text: string): SyncCredential {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SyncSecretError('sync credential is not valid JSON');
  }
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || r.version !== VERSION || typeof r.deviceId !== 'string' || typeof r.branchCode !== 'string' || typeof r.secret !== 'string') {
    throw new SyncSecretError('sync credential has an unexpected shape');
  }
  if (Buffer.from(r.secret, 'base64').length !== 32) throw new SyncSecretError('sync credential secret must be 32 bytes');
  return { deviceId: r.deviceId, branchCode: r.branchCode, secret: r.secret };
}

/** Writes `bytes` to `path` atomically (temp file 0600, fsync, rename). */
function writePrivate(path: string, bytes: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** A 0600 JSON file (web preview host, tests). */
export function fileSyncSecretStore(path: string): SyncSecretStore {
  return {
    load: () => (existsSync(path) ? parseCredential(readFileSync(path, 'utf8')) : null),
    save: (c) => writePrivate(path, serializeCredential(c)),
  };
}

/** Sealed by the OS key store (Electron safeStorage); refuses to run without one. */
export function sealedSyncSecretStore(path: string, store: OsKeyStore): SyncSecretStore {
  return {
    load: () => {
      if (!existsSync(path)) return null;
      let text: string;
      try {
        text = store.decryptString(readFileSync(path));
      } catch {
        throw new SyncSecretError(`sync credential ${path} cannot be opened by this PC's key store`);
      }
      return parseCredential(text);
    },
    save: (c) => {
      if (!store.isEncryptionAvailable()) throw new SyncSecretError('the operating system key store is not available; the sync credential cannot be kept');
      writePrivate(path, store.encryptString(serializeCredential(c)));
    },
  };
}

export function credentialSecret(c: SyncCredential): SyncSecretProvider {
  const held = Buffer.from(c.secret, 'base64');
  return { secret: () => Buffer.from(held) };
}
