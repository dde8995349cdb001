import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  DEVICE_HEADER, enrollRequest, MAX_PUSH_BYTES, NONCE_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, pushRequest, SCHEMA_HEADER,
  SIGNATURE_HEADER, type SyncErrorBody, TIMESTAMP_HEADER,
} from '../core/sync/protocol';
import { enrollDevice } from './auth/enrollment';
import { type AuthedDevice, NonceCache, verifySignedRequest } from './auth/signature';
import type { HqDB } from './db/schema';
import { readableScopes, readChanges, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT } from './sync/pull';
import { applyPush } from './sync/push';

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
export const SUPPORTED_SCHEMA = { min: 5, max: 5 } as const;

export const ENROLL_MAX_BYTES = 4 * 1024;

export interface ServerOptions {
  logger?: boolean;
  /** The server's clock (tests move it). */
  now?: () => number;
  supportedSchema?: { min: number; max: number };
  /** Tests only: see PushOptions.beforeChangeLog. */
  beforeChangeLog?: () => Promise<void>;
}

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

/** The head-office HTTP API (SYNC.md, SECURITY.md "Head-office API"). */
export function buildServer(db: Kysely<HqDB>, options: ServerOptions = {}): FastifyInstance {
  const now = options.now ?? Date.now;
  const schemaWindow = options.supportedSchema ?? SUPPORTED_SCHEMA;
  const nonces = new NonceCache();
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
    const result = await verifySignedRequest(
      db,
      nonces,
      { device: header(req, DEVICE_HEADER), timestamp: header(req, TIMESTAMP_HEADER), nonce: header(req, NONCE_HEADER), signature: header(req, SIGNATURE_HEADER) },
      req.method,
      req.url,
      req.rawBody ?? Buffer.alloc(0),
      now(),
    );
    if ('status' in result) return send(reply, result.status, { code: result.code, message: result.message });
    req.device = result;
    await db.updateTable('device').set({ last_seen_at: new Date() }).where('id', '=', result.deviceId).execute();
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
    const body = enrollRequest.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const enrolled = await enrollDevice(db, body.data.code, body.data.deviceName);
    if (!enrolled) return send(reply, 403, { code: 'FORBIDDEN', message: 'enrollment code unknown, used or expired' });
    req.log.info({ deviceId: enrolled.deviceId, branchId: enrolled.branchId }, 'device enrolled');
    return reply.code(200).send({ ...enrolled, serverTime: new Date(now()).toISOString() });
  });

  app.post('/v1/push', { bodyLimit: MAX_PUSH_BYTES, preHandler: signed }, async (req, reply) => {
    const body = pushRequest.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const outcome = await applyPush(db, req.device!, body.data, { alert: (message, device) => req.log.warn({ security: true, ...device }, message), beforeChangeLog: options.beforeChangeLog });
    return reply.code(outcome.status).send(outcome.body);
  });

  app.get('/v1/pull', { preHandler: signed }, async (req, reply) => {
    const q = pullQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    if (!readableScopes(req.device!).includes(q.data.scope)) return send(reply, 403, { code: 'FORBIDDEN', message: 'this device may not read that scope' });
    return reply.code(200).send(await readChanges(db, q.data.scope, q.data.after, q.data.limit ?? DEFAULT_PULL_LIMIT));
  });

  return app;
}
