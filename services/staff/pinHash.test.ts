import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PIN_HASH_PARAMS, dummyPinHash, hashPin, needsRehash, parsePinHash, PinHashFormatError, verifyPin } from './pinHash';

/** The cheapest parameters the parser accepts: for tests that are about the format, not the cost. */
const CHEAP = { ...DEFAULT_PIN_HASH_PARAMS, N: 2 ** 14, r: 1 };

describe('pinHash', () => {
  it('round-trips in the self-describing format with the default parameters', async () => {
    const stored = await hashPin('482915');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(stored).not.toContain('482915');
    expect(await verifyPin('482915', stored)).toBe(true);
    expect(await verifyPin('482916', stored)).toBe(false);
    const parsed = parsePinHash(stored);
    expect([parsed.N, parsed.r, parsed.p, parsed.salt.length, parsed.hash.length]).toEqual([32768, 8, 1, 16, 32]);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPin('482915', CHEAP), hashPin('482915', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPin('482915', a)).toBe(true);
    expect(await verifyPin('482915', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, and asks for a rehash when they differ', async () => {
    const old = await hashPin('907153', CHEAP);
    expect(old.startsWith('scrypt$16384$1$1$')).toBe(true);
    expect(await verifyPin('907153', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, CHEAP)).toBe(false);
    const longerKey = await hashPin('907153', { ...CHEAP, keyBytes: 64, saltBytes: 32 });
    expect(await verifyPin('907153', longerKey)).toBe(true);
    expect(needsRehash(longerKey, CHEAP)).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('never matches the dummy hash, which costs a real verification', async () => {
    const dummy = dummyPinHash();
    expect(() => parsePinHash(dummy)).not.toThrow();
    expect(needsRehash(dummy)).toBe(false);
    expect(await verifyPin('482915', dummy)).toBe(false);
  });

  it('parses strictly: anything but the exact format is refused without echoing it', async () => {
    const good = await hashPin('482915', CHEAP);
    const [, , , , salt, hash] = good.split('$') as [string, string, string, string, string, string];
    const bad = [
      '',
      'scrypt',
      `argon2$16384$1$1$${salt}$${hash}`,
      `SCRYPT$16384$1$1$${salt}$${hash}`,
      `scrypt$16384$1$1$${salt}$${hash}$`,
      `scrypt$16384$1$1$${salt}`,
      `scrypt$016384$1$1$${salt}$${hash}`,
      `scrypt$+16384$1$1$${salt}$${hash}`,
      `scrypt$1.6384e4$1$1$${salt}$${hash}`,
      `scrypt$16383$1$1$${salt}$${hash}`, // not a power of two
      `scrypt$1024$1$1$${salt}$${hash}`, // too cheap to mean anything
      `scrypt$2097152$1$1$${salt}$${hash}`, // 2^21: more than a desk should spend
      `scrypt$1048576$16$1$${salt}$${hash}`, // 2 GiB
      `scrypt$16384$0$1$${salt}$${hash}`,
      `scrypt$16384$1$0$${salt}$${hash}`,
      `scrypt$16384$1$9$${salt}$${hash}`,
      `scrypt$16384$1$1$${salt.slice(0, -2)}$${hash}`,
      `scrypt$16384$1$1$${salt}$${hash.replace('=', '')}`,
      `scrypt$16384$1$1$${salt}$${hash.replace(/.=$/, '_=')}`,
      `scrypt$16384$1$1$${Buffer.alloc(8).toString('base64')}$${hash}`, // salt too short
      `scrypt$16384$1$1$${salt}$${Buffer.alloc(8).toString('base64')}`, // key too short
      ` scrypt$16384$1$1$${salt}$${hash}`,
      `scrypt$16384$1$1$${salt}$${hash}\n`,
    ];
    for (const text of bad) {
      expect(() => parsePinHash(text), text).toThrow(PinHashFormatError);
      await expect(verifyPin('482915', text)).rejects.toThrow(PinHashFormatError);
    }
    try {
      parsePinHash(`scrypt$16384$1$1$${salt}$${hash}x`);
    } catch (error) {
      expect(String(error)).not.toContain(hash);
    }
  });

  it('refuses any single-character corruption of a good hash, or verifies it false', async () => {
    const good = await hashPin('482915', CHEAP);
    const alphabet = [...'ABCxyz0129+/=$.-'];
    await fc.assert(
      fc.asyncProperty(fc.nat(good.length - 1), fc.constantFrom(...alphabet), async (at, ch) => {
        fc.pre(good[at] !== ch);
        const mutated = good.slice(0, at) + ch + good.slice(at + 1);
        let verdict: boolean | 'refused';
        try {
          verdict = await verifyPin('482915', mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(PinHashFormatError);
          verdict = 'refused';
        }
        // A changed salt or key byte must not verify; only the canonical text does.
        expect(verdict).not.toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
