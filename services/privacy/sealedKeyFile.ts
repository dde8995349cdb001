// The key blob kept encrypted by the operating system's key store (Electron safeStorage: DPAPI
// on Windows, Keychain on macOS, libsecret/kwallet on Linux), so a copied database folder is
// useless without the PC's user account. The store is a port: Electron passes safeStorage, tests
// pass a stand-in, and nothing here imports electron.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyBlobError, newKeyBlob, parseKeyBlob, type KeyProvider } from './keys';

export interface OsKeyStore {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * Keys from `path`, sealed by the OS key store; created with fresh keys on first start. Refuses
 * to run without a working key store rather than fall back to a plain file: sealed member data
 * must not be one file copy away from readable.
 */
export function sealedKeyFileProvider(path: string, store: OsKeyStore): KeyProvider {
  if (!store.isEncryptionAvailable()) {
    throw new KeyBlobError('the operating system key store is not available; member data cannot be protected on this PC');
  }
  if (existsSync(path)) {
    let blob: string;
    try {
      blob = store.decryptString(readFileSync(path));
    } catch {
      // Another user account or another PC: the blob cannot be opened here.
      throw new KeyBlobError(`key file ${path} cannot be opened by this PC's key store`);
    }
    return parseKeyBlob(blob);
  }
  const blob = newKeyBlob();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // 'wx': never replace a key file that already sealed data.
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, store.encryptString(blob));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return parseKeyBlob(blob);
}
