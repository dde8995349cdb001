import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SIGNATURE_WINDOW_MS, signingString } from '../../core/sync/protocol';
import type { HqDB } from '../db/schema';

export interface SignedHeaders {
  device?: string;
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

export interface AuthedDevice {
  deviceId: string;
  branchId: string;
}

export type AuthFailure = { status: 401 | 403; code: 'UNAUTHENTICATED' | 'REPLAYED' | 'FORBIDDEN'; message: string };

/** Nonces seen within the signature window, per process (one head-office process for now). */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs = SIGNATURE_WINDOW_MS, private readonly max = 200_000) {}

  /** True when the nonce is new (and remembers it); false for a replay. */
  claim(key: string, now: number): boolean {
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    if (this.seen.size >= this.max) this.prune(now);
    // Kept for two windows: a timestamp may be up to one window in the future.
    this.seen.set(key, now + 2 * this.windowMs);
    return true;
  }

  private prune(now: number): void {
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
    // Still full of live nonces: drop the oldest (Map keeps insertion order).
    while (this.seen.size >= this.max) this.seen.delete(this.seen.keys().next().value as string);
  }
}

export function sha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** HMAC-SHA256 of the signing string, hex: what a device sends in x-kiosk-signature. */
export function signRequest(secretBase64: string, method: string, pathWithQuery: string, timestampMs: number, nonce: string, body: Buffer | string): string {
  return createHmac('sha256', Buffer.from(secretBase64, 'base64')).update(signingString(method, pathWithQuery, timestampMs, nonce, sha256Hex(body))).digest('hex');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Verifies a signed request: a known device, a timestamp within the window, a valid signature
 * (constant-time compare), an unused nonce, an active device. The branch comes from the device
 * row only.
 */
export async function verifySignedRequest(
  db: Kysely<HqDB>,
  nonces: NonceCache,
  h: SignedHeaders,
  method: string,
  pathWithQuery: string,
  body: Buffer,
  now: number,
): Promise<AuthedDevice | AuthFailure> {
  const unauth = (message: string): AuthFailure => ({ status: 401, code: 'UNAUTHENTICATED', message });
  if (!h.device || !h.timestamp || !h.nonce || !h.signature) return unauth('missing signature headers');
  if (!UUID_RE.test(h.device) || !/^\d{1,16}$/.test(h.timestamp) || !NONCE_RE.test(h.nonce) || !/^[0-9a-f]{64}$/.test(h.signature)) return unauth('malformed signature headers');
  const ts = Number(h.timestamp);
  if (Math.abs(now - ts) > SIGNATURE_WINDOW_MS) return unauth('timestamp outside the signature window');
  const device = await db.selectFrom('device').select(['id', 'branch_id', 'secret', 'status']).where('id', '=', h.device.toLowerCase()).executeTakeFirst();
  if (!device) return unauth('unknown device');
  const expected = Buffer.from(signRequest(device.secret, method, pathWithQuery, ts, h.nonce, body), 'hex');
  const given = Buffer.from(h.signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return unauth('bad signature');
  if (device.status !== 'active') return { status: 403, code: 'FORBIDDEN', message: 'device revoked' };
  // Correctly signed by the device itself, only the nonce is spent: a copy resent on the way.
  // Its own code lets the device resend with a fresh nonce instead of stopping (protocol.ts).
  if (!nonces.claim(`${device.id}:${h.nonce}`, now)) return { status: 401, code: 'REPLAYED', message: 'nonce already used' };
  return { deviceId: device.id, branchId: device.branch_id };
}
