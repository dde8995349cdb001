import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldCipher } from './fieldCipher';
import { sealedKeyFileProvider, type OsKeyStore } from './sealedKeyFile';

/** A stand-in for the OS key store (the one part of the world a test cannot reach): AES with a per-"PC" key. */
function fakeStore(pcKey = randomBytes(32), available = true): OsKeyStore {
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', pcKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', pcKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('key blob sealed by the OS key store', () => {
  it('creates keys once, stores them sealed, and opens the same keys on the next start', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
    const path = join(dir, 'keys.bin');
    const store = fakeStore();
    const first = sealedKeyFileProvider(path, store);
    const sealed = new FieldCipher(first).encrypt('110105194912310029', { table: 'member', column: 'id_card_sealed', rowId: 'r1' });
    expect(readFileSync(path).toString('latin1')).not.toContain('dataKey');
    const again = sealedKeyFileProvider(path, store);
    expect(new FieldCipher(again).decrypt(sealed, { table: 'member', column: 'id_card_sealed', rowId: 'r1' })).toBe('110105194912310029');
  });

  it('refuses a key file sealed on another PC, and a PC without a key store', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
    const path = join(dir, 'keys.bin');
    sealedKeyFileProvider(path, fakeStore());
    expect(() => sealedKeyFileProvider(path, fakeStore())).toThrow(/cannot be opened/);
    expect(() => sealedKeyFileProvider(join(dir, 'other.bin'), fakeStore(undefined, false))).toThrow(/key store is not available/);
  });
});
