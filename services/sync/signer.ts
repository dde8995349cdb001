import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  DEVICE_HEADER,
  NONCE_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SCHEMA_HEADER,
  SIGNATURE_HEADER,
  signingString,
  TIMESTAMP_HEADER,
} from '../../core/sync/protocol';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';

/**
 * Where the device secret lives: Electron keeps it with safeStorage (like the field keys in
 * services/privacy/sealedKeyFile.ts), tests pass a plain buffer. Never stored in SQLite.
 */
export interface SyncSecretProvider {
  /** The 32-byte secret head office issued at enrollment. */
  secret(): Buffer;
}

export function staticSecret(secret: Buffer): SyncSecretProvider {
  const held = Buffer.from(secret);
  return { secret: () => Buffer.from(held) };
}

export interface SignInput {
  method: string;
  /** Path with query, exactly as sent: `/v1/push`. */
  path: string;
  body: string;
  deviceId: string;
  secret: Buffer;
  /** Head-office time estimate: device time + clock offset, in ms. */
  timestampMs: number;
  nonce?: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** The headers of a signed device request (core/sync/protocol.ts `signingString`). */
export function signedHeaders(input: SignInput): Record<string, string> {
  const timestampMs = Math.round(input.timestampMs);
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const signature = hmacHex(input.secret, signingString(input.method, input.path, timestampMs, nonce, sha256Hex(input.body)));
  return {
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    [SCHEMA_HEADER]: String(LATEST_SCHEMA_VERSION),
    [DEVICE_HEADER]: input.deviceId,
    [TIMESTAMP_HEADER]: String(timestampMs),
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: signature,
  };
}
