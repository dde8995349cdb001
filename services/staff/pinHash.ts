import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff PIN hashing with scrypt (SECURITY.md "Staff and access"), stored self-describing as
 * `scrypt$N$r$p$saltB64$hashB64` so verification always uses the parameters the hash was made
 * with: raising the cost later only changes DEFAULT_PIN_HASH_PARAMS, and old hashes are
 * upgraded at the next successful sign-in (needsRehash).
 *
 * A 6-digit PIN has only 10^6 values, so the hash slows an offline search of a stolen database
 * file but cannot prevent it; the online guard is the lockout (core/staff/pinPolicy.ts).
 */

export interface PinHashParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  saltBytes: number;
  keyBytes: number;
}

/** OWASP's scrypt floor at the time of writing (2^15, 8, 1): ~50–100 ms on a desk PC. */
export const DEFAULT_PIN_HASH_PARAMS: Readonly<PinHashParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });

/**
 * Bounds on parameters read back from the database. The stored string drives how much memory
 * and time verification spends, so a corrupt or planted row must not be able to ask for
 * gigabytes or minutes; nor for so little work that the hash stops meaning anything.
 */
const LIMITS = { minLog2N: 14, maxLog2N: 20, maxR: 16, maxP: 4, minSalt: 16, maxSalt: 64, minKey: 16, maxKey: 64, maxMem: 256 * 1024 * 1024 };

export class PinHashFormatError extends Error {
  constructor(problem: string) {
    // Never echoes the stored string: it is key material.
    super(`stored PIN hash is malformed (${problem})`);
    this.name = 'PinHashFormatError';
  }
}

interface ParsedPinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Plain decimal, no sign, no leading zero, no exponent: one spelling per number. */
const DECIMAL = /^[1-9][0-9]{0,9}$/;
/** Standard base64 with padding; checked by re-encoding too, so one spelling per byte string. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decimal(text: string, what: string): number {
  if (!DECIMAL.test(text)) throw new PinHashFormatError(`${what} is not a decimal`);
  return Number(text);
}

function base64(text: string, what: string, min: number, max: number): Buffer {
  if (!BASE64.test(text) || text.length % 4 !== 0) throw new PinHashFormatError(`${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new PinHashFormatError(`${what} is not canonical base64`);
  if (bytes.length < min || bytes.length > max) throw new PinHashFormatError(`${what} length`);
  return bytes;
}

function memoryFor(N: number, r: number, p: number): number {
  // OpenSSL counts 128·r·(N+2) for V plus 128·r·p for B and refuses above maxmem; Node's 32 MiB
  // default is just below what (2^15, 8, 1) needs, so pass the real figure with some headroom.
  return 128 * r * (N + 2) + 128 * r * p + 1024 * 1024;
}

/** Strict parse of the stored format; throws PinHashFormatError on anything else. */
export function parsePinHash(stored: string): ParsedPinHash {
  const parts = stored.split('$');
  if (parts.length !== 6) throw new PinHashFormatError('field count');
  const [scheme, nText, rText, pText, saltText, hashText] = parts as [string, string, string, string, string, string];
  if (scheme !== 'scrypt') throw new PinHashFormatError('scheme');
  const N = decimal(nText, 'N');
  const r = decimal(rText, 'r');
  const p = decimal(pText, 'p');
  const log2N = Math.log2(N);
  if (!Number.isInteger(log2N) || log2N < LIMITS.minLog2N || log2N > LIMITS.maxLog2N) throw new PinHashFormatError('N out of range');
  if (r > LIMITS.maxR) throw new PinHashFormatError('r out of range');
  if (p > LIMITS.maxP) throw new PinHashFormatError('p out of range');
  if (memoryFor(N, r, p) > LIMITS.maxMem) throw new PinHashFormatError('memory cost out of range');
  const salt = base64(saltText, 'salt', LIMITS.minSalt, LIMITS.maxSalt);
  const hash = base64(hashText, 'hash', LIMITS.minKey, LIMITS.maxKey);
  return { N, r, p, salt, hash };
}

function derive(pin: string, salt: Buffer, keyBytes: number, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: memoryFor(N, r, p) };
  return new Promise((resolve, reject) => {
    // Async: the work runs on libuv's pool, so the main process keeps serving card taps.
    scrypt(pin, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function format(N: number, r: number, p: number, salt: Buffer, hash: Buffer): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A fresh salted hash of the PIN. Validate the PIN (core/staff/pinPolicy.ts) before calling. */
export async function hashPin(pin: string, params: Readonly<PinHashParams> = DEFAULT_PIN_HASH_PARAMS): Promise<string> {
  const salt = randomBytes(params.saltBytes);
  const hash = await derive(pin, salt, params.keyBytes, params.N, params.r, params.p);
  const stored = format(params.N, params.r, params.p, salt, hash);
  // Parse what we wrote so hashPin can never store something verifyPin would refuse.
  parsePinHash(stored);
  return stored;
}

/**
 * Whether the PIN matches, using the parameters stored in the hash, compared in constant time.
 * Throws PinHashFormatError on a malformed stored value: corruption should surface, not read
 * as "wrong PIN" and quietly lock the staff member out.
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  const candidate = await derive(pin, parsed.salt, parsed.hash.length, parsed.N, parsed.r, parsed.p);
  // Same length by construction (derived to the stored length); timingSafeEqual requires it.
  return timingSafeEqual(candidate, parsed.hash);
}

/** Whether a stored hash was made with other parameters than `params` (upgrade on sign-in). */
export function needsRehash(stored: string, params: Readonly<PinHashParams> = DEFAULT_PIN_HASH_PARAMS): boolean {
  let parsed: ParsedPinHash;
  try {
    parsed = parsePinHash(stored);
  } catch {
    return true;
  }
  return parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p || parsed.salt.length !== params.saltBytes || parsed.hash.length !== params.keyBytes;
}

/**
 * A well-formed hash of no PIN at all (random salt and random key), for sign-in attempts that
 * have no real hash to check (unknown staff, no PIN set): verifying against it costs exactly
 * what a real verification costs and never matches, so response time does not tell an
 * onlooker which staff ids exist.
 */
export function dummyPinHash(params: Readonly<PinHashParams> = DEFAULT_PIN_HASH_PARAMS): string {
  return format(params.N, params.r, params.p, randomBytes(params.saltBytes), randomBytes(params.keyBytes));
}
