import { z } from 'zod';

/**
 * The branch ↔ head-office sync protocol on the wire (SYNC.md): an outbox of intent mutations
 * going up, a commit-ordered change log coming down. Shared by the kiosk's sync client
 * (services/sync) and the head-office server (headoffice/), so both validate the same shapes.
 * Every object is strict: unknown fields are refused, not stripped.
 *
 * Every request carries `x-kiosk-protocol` and `x-kiosk-schema`; outside the window the server
 * answers 426 VERSION_NOT_SUPPORTED. Device requests are signed (see `signingString`).
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-kiosk-protocol';
export const SCHEMA_HEADER = 'x-kiosk-schema';
export const DEVICE_HEADER = 'x-kiosk-device';
export const TIMESTAMP_HEADER = 'x-kiosk-timestamp';
export const NONCE_HEADER = 'x-kiosk-nonce';
export const SIGNATURE_HEADER = 'x-kiosk-signature';
/** A signed request older or newer than this (by the server's clock) is refused as a replay. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** SYNC.md: ≤ 500 mutations and ≤ 512 KiB per push. */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PUSH_BYTES = 512 * 1024;

const uuid = z.uuid();
const instant = z.iso.datetime({ offset: true });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/**
 * A JSON object, checked in place: the handler validates its fields. (z.record would also
 * check every key is a string, which JSON's are, and copy every object of a 500-mutation push.)
 */
const jsonObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'expected a JSON object' });

/**
 * What a device signs: HMAC-SHA256(secret, this string), hex. Method, path with query, timestamp
 * (ms), nonce and the SHA-256 of the body, one per line, so no part can be moved into another.
 */
export function signingString(method: string, pathWithQuery: string, timestampMs: number, nonce: string, bodySha256Hex: string): string {
  return [method.toUpperCase(), pathWithQuery, String(timestampMs), nonce, bodySha256Hex].join('\n');
}

export const enrollRequest = z
  .object({
    /** The one-time code a head-office admin issued for the branch. */
    code: z.string().trim().min(6).max(64).regex(/^[A-Za-z0-9-]+$/),
    deviceName: z.string().trim().min(1).max(64),
  })
  .strict();
export const enrollResponse = z
  .object({
    deviceId: uuid,
    branchId: uuid,
    branchCode: z.string(),
    /** base64, 32 bytes; kept by the PC with Electron safeStorage, never sent again. */
    secret: z.string(),
    serverTime: instant,
    /**
     * `M` + the device's chain-wide serial, at least 4 digits (`M0007`): the desk numbers new
     * members `<prefix><6+ digits>`, so no two devices make the same number. `M0000` is head
     * office's own (renumbering), never a device's.
     */
    memberNoPrefix: z.string().regex(/^M(?!0000$)[0-9]{4,9}$/),
  })
  .strict();

/**
 * Sent in place of a mutation the branch can never push (alone larger than the body limit):
 * outbox seqs must stay contiguous, so the seq travels with this small stand-in, `args`
 * `{ name, reason }`. Head office stores it as rejected (UNKNOWN_MUTATION) and advances, as for
 * any permanent failure; the branch keeps its own rejection for the sync-issues screen.
 */
export const DROPPED_MUTATION_NAME = 'sync.dropped';

export const pushMutation = z
  .object({
    /** The outbox seq: contiguous per client, from 1. */
    seq: z.number().int().min(1),
    mutationId: uuid,
    name: z.string().min(1).max(64).regex(/^[a-z_]+\.[a-zA-Z]+$/),
    version: z.number().int().min(1).max(1000),
    args: jsonObject,
    argsHash: hex64,
    hlc: z.string().max(100),
    deviceTime: instant,
  })
  .strict();
export type PushMutation = z.infer<typeof pushMutation>;

export const pushRequest = z
  .object({
    clientId: uuid,
    mutations: z.array(pushMutation).min(1).max(MAX_PUSH_MUTATIONS),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequest>;

export const mutationResult = z
  .object({
    seq: z.number().int(),
    mutationId: uuid,
    status: z.enum(['applied', 'rejected']),
    /** For a rejection: why (VALIDATION, FORBIDDEN, CONFLICT, UNKNOWN_MUTATION) and, for a conflict, the winning row. */
    error: z.object({ code: z.string(), message: z.string(), winner: z.record(z.string(), z.unknown()).optional() }).strict().optional(),
  })
  .strict();
export type MutationResult = z.infer<typeof mutationResult>;

export const pushResponse = z
  .object({
    results: z.array(mutationResult),
    /** The highest seq the server has processed for this client. */
    lastSeq: z.number().int().min(0),
    serverTime: instant,
  })
  .strict();
export type PushResponse = z.infer<typeof pushResponse>;

/**
 * Error bodies: 409 CLIENT_DIVERGED / OUT_OF_ORDER, 426 VERSION_NOT_SUPPORTED, 401, 403, 413,
 * 429, 503. 401 `REPLAYED`: a correctly signed request whose nonce was already used — a copy
 * resent by something on the way, whose original head office processed; the device resends
 * with a fresh nonce and gets the stored results (never a reason to stop syncing).
 */
export const syncErrorBody = z
  .object({
    code: z.enum(['CLIENT_DIVERGED', 'OUT_OF_ORDER', 'VERSION_NOT_SUPPORTED', 'UNAUTHENTICATED', 'REPLAYED', 'FORBIDDEN', 'TOO_LARGE', 'RATE_LIMITED', 'UNAVAILABLE', 'INVALID_REQUEST']),
    message: z.string(),
    expectedSeq: z.number().int().optional(),
    supported: z.object({ min: z.number().int(), max: z.number().int() }).strict().optional(),
  })
  .strict();
export type SyncErrorBody = z.infer<typeof syncErrorBody>;

export const change = z
  .object({
    scope: z.string(),
    seq: z.number().int().min(1),
    table: z.string(),
    pk: z.string(),
    op: z.enum(['upsert', 'delete']),
    row: z.record(z.string(), z.unknown()).nullable(),
    version: z.number().int(),
  })
  .strict();
export type Change = z.infer<typeof change>;

export const pullResponse = z.discriminatedUnion('reset', [
  z.object({ reset: z.literal(false), changes: z.array(change), cursor: z.number().int().min(0), hasMore: z.boolean(), serverTime: instant }).strict(),
  /** The cursor is older than the log's retention: drain the outbox, then bootstrap again. */
  z.object({ reset: z.literal(true), serverTime: instant }).strict(),
]);
export type PullResponse = z.infer<typeof pullResponse>;

