import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  DEVICE_HEADER, enrollRequest, MAX_PUSH_BYTES, NONCE_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, pushRequest, SCHEMA_HEADER,
  SIGNATURE_HEADER, type SyncErrorBody, TIMESTAMP_HEADER,
} from '../core/sync/protocol';
import { enrollDevice } from './auth/enrollment';
import { ANONYMOUS_RATE_LIMIT, DEVICE_RATE_LIMIT, type RateLimit, TokenBuckets } from './auth/rateLimit';
import { type AuthedDevice, NonceCache, verifySignedRequest } from './auth/signature';
import type { HqDB } from './db/schema';
import { DEFAULT_BOOTSTRAP_PAGE, isRosterTable, MAX_BOOTSTRAP_PAGE } from '../core/sync/bootstrapProtocol';
import { bootstrapChecksums, bootstrapRows, bootstrapStart } from './sync/bootstrap';
import { readChanges, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT } from './sync/pull';
import { deviceScopes } from './sync/scopes';
import { abandonPush, applyPush, beginPush, type BegunPush, type PushOptions } from './sync/push';
import { PushOrder } from './sync/pushOrder';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: AuthedDevice;
  }
}

/** The protocol versions this server speaks. */
export const SUPPORTED_PROTOCOL = { min: PROTOCOL_VERSION, max: PROTOCOL_VERSION } as const;
/**
 * The kiosk schema versions (db/migrations, `LATEST_SCHEMA_VERSION`) this server accepts: from
 * the first one with the sync outbox state (0005) up to the newest this server knows.
 */
export const SUPPORTED_SCHEMA = { min: 5, max: 6 } as const;

export const ENROLL_MAX_BYTES = 4 * 1024;

export interface ServerOptions {
  logger?: boolean;
  /** The server's clock (tests move it). */
  now?: () => number;
  supportedSchema?: { min: number; max: number };
  /** Tests only: see PushOptions.beforeChangeLog. */
  beforeChangeLog?: () => Promise<void>;
  /** Per-device and per-address limits (default DEVICE_RATE_LIMIT / ANONYMOUS_RATE_LIMIT). */
  rateLimits?: { device?: RateLimit; anonymous?: RateLimit };
}

/** A device's `last_seen_at` is written at most this often: not one extra write per request. */
const LAST_SEEN_EVERY_MS = 60_000;
/**
 * Pushes that may hold a connection while waiting for their turn (step 1 of a mixed batch,
 * headoffice/sync/push.ts beginPush): well under the pool (DEFAULT_POOL_SIZE), so the pushes
 * whose turn it is always find one.
 */
const EARLY_PUSH_SLOTS = 4;

function send(reply: FastifyReply, status: number, body: SyncErrorBody): FastifyReply {
  return reply.code(status).send(body);
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? undefined : v;
}

const pullQuery = z
  .object({
    scope: z.string().min(1).max(100),
    after: z.string().regex(/^\d{1,15}$/).transform(Number),
    limit: z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_PULL_LIMIT)).optional(),
  })
  .strict();

const rosterTable = z.string().refine(isRosterTable, 'not a roster table');
const bootstrapRowsQuery = z
  .object({
    table: rosterTable,
    after: z.string().min(1).max(64).optional(),
    limit: z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_BOOTSTRAP_PAGE)).optional(),
    bucket: z.string().regex(/^[0-9a-z-]{1,4}$/).optional(),
  })
  .strict();
const bootstrapChecksumsQuery = z.object({ table: rosterTable }).strict();

/** The head-office HTTP API (SYNC.md, SECURITY.md "Head-office API"). */
export function buildServer(db: Kysely<HqDB>, options: ServerOptions = {}): FastifyInstance {
  const now = options.now ?? Date.now;
  // Every answer's serverTime is this clock's (the desks estimate their offset from it).
  const serverTime = () => new Date(now()).toISOString();
  const schemaWindow = options.supportedSchema ?? SUPPORTED_SCHEMA;
  const nonces = new NonceCache();
  const deviceBuckets = new TokenBuckets(options.rateLimits?.device ?? DEVICE_RATE_LIMIT);
  // Refused enrollments and failed authentications, per remote address: guessing is slowed.
  const anonymousBuckets = new TokenBuckets(options.rateLimits?.anonymous ?? ANONYMOUS_RATE_LIMIT);
  const lastSeenWritten = new Map<string, number>();
  const pushOrder = new PushOrder();
  let earlySlots = EARLY_PUSH_SLOTS;
  const tooMany = (reply: FastifyReply, waitS: number) =>
    send(reply.header('retry-after', String(waitS)), 429, { code: 'RATE_LIMITED', message: `too many requests; retry in ${waitS} s` });
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: ENROLL_MAX_BYTES });

  // The raw body is kept: the signature covers its SHA-256, byte for byte.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(Object.assign(new Error('body is not JSON'), { statusCode: 400 }), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    const protocol = Number(header(req, PROTOCOL_HEADER));
    const schema = Number(header(req, SCHEMA_HEADER));
    if (!Number.isInteger(protocol) || protocol < SUPPORTED_PROTOCOL.min || protocol > SUPPORTED_PROTOCOL.max) {
      return send(reply, 426, { code: 'VERSION_NOT_SUPPORTED', message: 'protocol version not supported', supported: { ...SUPPORTED_PROTOCOL } });
    }
    if (!Number.isInteger(schema) || schema < schemaWindow.min || schema > schemaWindow.max) {
      return send(reply, 426, { code: 'VERSION_NOT_SUPPORTED', message: 'schema version not supported', supported: { ...schemaWindow } });
    }
  });

  const signed = async (req: FastifyRequest, reply: FastifyReply) => {
    const blocked = anonymousBuckets.waitFor(req.ip, now());
    if (blocked > 0) return tooMany(reply, blocked);
    const result = await verifySignedRequest(
      db,
      nonces,
      { device: header(req, DEVICE_HEADER), timestamp: header(req, TIMESTAMP_HEADER), nonce: header(req, NONCE_HEADER), signature: header(req, SIGNATURE_HEADER) },
      req.method,
      req.url,
      req.rawBody ?? Buffer.alloc(0),
      now(),
    );
    if ('status' in result) {
      anonymousBuckets.take(req.ip, now());
      return send(reply, result.status, { code: result.code, message: result.message });
    }
    const wait = deviceBuckets.take(result.deviceId, now());
    if (wait > 0) return tooMany(reply, wait);
    req.device = result;
    const seen = lastSeenWritten.get(result.deviceId) ?? 0;
    if (now() - seen >= LAST_SEEN_EVERY_MS) {
      lastSeenWritten.set(result.deviceId, now());
      await db.updateTable('device').set({ last_seen_at: new Date(now()) }).where('id', '=', result.deviceId).execute();
    }
  };

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return send(reply, 413, { code: 'TOO_LARGE', message: 'request body too large' });
    if (status >= 400 && status < 500) return send(reply, status === 415 ? 415 : 400, { code: 'INVALID_REQUEST', message: err.message });
    req.log.error(err);
    return send(reply, 503, { code: 'UNAVAILABLE', message: 'head office could not process the request; retry later' });
  });
  app.setNotFoundHandler((_req, reply) => send(reply, 404, { code: 'INVALID_REQUEST', message: 'no such route' }));

  const invalid = (reply: FastifyReply, error: z.ZodError) =>
    send(reply, 400, { code: 'INVALID_REQUEST', message: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ').slice(0, 1000) });

  app.post('/v1/enroll', { bodyLimit: ENROLL_MAX_BYTES }, async (req, reply) => {
    // Only refused attempts take a token: a chain enrolling many PCs is not slowed, guessing is.
    const wait = anonymousBuckets.waitFor(req.ip, now());
    if (wait > 0) return tooMany(reply, wait);
    const body = enrollRequest.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const enrolled = await enrollDevice(db, body.data.code, body.data.deviceName);
    if (!enrolled) {
      anonymousBuckets.take(req.ip, now());
      return send(reply, 403, { code: 'FORBIDDEN', message: 'enrollment code unknown, used or expired' });
    }
    req.log.info({ deviceId: enrolled.deviceId, branchId: enrolled.branchId }, 'device enrolled');
    return reply.code(200).send({ ...enrolled, serverTime: serverTime() });
  });

  app.post('/v1/push', { bodyLimit: MAX_PUSH_BYTES, preHandler: signed }, async (req, reply) => {
    const body = pushRequest.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const push: PushOptions = { alert: (message, device) => req.log.warn({ security: true, ...device }, message), beforeChangeLog: options.beforeChangeLog };
    // Entered before the early work, so a batch sent just after this one waits for it even when
    // its own early work ends first (headoffice/sync/pushOrder.ts).
    const ticket = pushOrder.enter(body.data.clientId, body.data.mutations[0]!.seq);
    let begun: BegunPush | undefined;
    try {
      // What may be done before the push's turn is, while the client's previous batch is applied;
      // a few at a time, so pushes waiting for their turn never hold the whole pool.
      if (earlySlots > 0) {
        earlySlots--;
        try {
          begun = await beginPush(db, req.device!, body.data, push);
        } finally {
          if (!begun) earlySlots++;
        }
      }
      const outcome = await ticket.run(() => applyPush(db, req.device!, body.data, push, begun));
      return reply.code(outcome.status).send(outcome.status === 200 ? { ...outcome.body, serverTime: serverTime() } : outcome.body);
    } finally {
      ticket.leave();
      if (begun) {
        await abandonPush(begun); // nothing when it was finished
        earlySlots++;
      }
    }
  });

  app.get('/v1/pull', { preHandler: signed }, async (req, reply) => {
    const q = pullQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    if (!deviceScopes(req.device!).includes(q.data.scope)) return send(reply, 403, { code: 'FORBIDDEN', message: 'this device may not read that scope' });
    return reply.code(200).send({ ...(await readChanges(db, q.data.scope, q.data.after, q.data.limit ?? DEFAULT_PULL_LIMIT)), serverTime: serverTime() });
  });

  // The roster download of a new or reset PC (core/sync/bootstrapProtocol.ts): global tables only.
  app.get('/v1/bootstrap', { preHandler: signed }, async (req, reply) => {
    if (Object.keys(req.query as object).length > 0) return send(reply, 400, { code: 'INVALID_REQUEST', message: 'no query expected' });
    return reply.code(200).send({ ...(await bootstrapStart(db, req.device!)), serverTime: serverTime() });
  });

  app.get('/v1/bootstrap/rows', { preHandler: signed }, async (req, reply) => {
    const q = bootstrapRowsQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const { table, after, limit, bucket } = q.data;
    if (!isRosterTable(table)) return send(reply, 400, { code: 'INVALID_REQUEST', message: 'not a roster table' });
    // JSON text built by PostgreSQL (sync/bootstrapSql.ts), sent as it is.
    const body = await bootstrapRows(db, table, after ?? null, limit ?? DEFAULT_BOOTSTRAP_PAGE, bucket);
    return reply.code(200).type('application/json; charset=utf-8').send(body);
  });

  app.get('/v1/bootstrap/checksums', { preHandler: signed }, async (req, reply) => {
    const q = bootstrapChecksumsQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const { table } = q.data;
    if (!isRosterTable(table)) return send(reply, 400, { code: 'INVALID_REQUEST', message: 'not a roster table' });
    return reply.code(200).send(await bootstrapChecksums(db, table));
  });

  return app;
}
