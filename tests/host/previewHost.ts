import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../core/contract/dispatch';
import type { Kiosk } from '../../services/kiosk';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export interface PreviewHostOptions {
  kiosk: Kiosk;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Check every answer against the contract's output schema (the e2e tests turn it on). */
  validateOutput?: boolean;
  /** Extra routes (the simulated reader's hardware side in browser tests). */
  routes?: (app: FastifyInstance) => void;
}

/**
 * The web preview host: the real services on a real SQLite file, the real renderer in any
 * browser, `window.kiosk` carried over HTTP + server-sent events. Development and tests only;
 * it binds to 127.0.0.1 and has no authentication.
 */
const CALL_BODY_LIMIT = 24 * 1024 * 1024;

export async function startPreviewHost(options: PreviewHostOptions): Promise<{ app: FastifyInstance; url: string }> {
  const { kiosk } = options;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const bridge = readFileSync(join(import.meta.dirname, 'bridge.js'), 'utf8');
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    '<script',
    '<script src="/__preview/bridge.js"></script>\n    <script',
  );

  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
  });

  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(indexHtml));
  app.get('/index.html', async (_req, reply) => reply.type('text/html; charset=utf-8').send(indexHtml));
  app.get('/__preview/bridge.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(bridge));
  await app.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true });

  // Contract calls carry a point-of-sale CSV (≤ 10 MiB) or a camera photo; everything else stays at 64 KiB.
  app.post('/api/call', { bodyLimit: CALL_BODY_LIMIT }, async (req, reply) => {
    const body = req.body as { method?: unknown; input?: unknown } | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return reply.send({ ok: false, error: { code: 'INVALID_INPUT', message: 'body must be {method, input}' } });
    }
    const envelope = await dispatch(kiosk.api, body.method, body.input, {
      validateOutput: options.validateOutput ?? false,
      onInternalError: (method, error) => app.log.error({ method, error: String(error) }, 'kiosk call failed'),
    });
    return reply.send(envelope);
  });

  app.get('/api/events', (req, reply) => {
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    reply.raw.write(': connected\n\n');
    const off = kiosk.events.onAny((event, payload) => {
      reply.raw.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
    });
    const keepAlive = setInterval(() => reply.raw.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      off();
    });
  });

  options.routes?.(app);

  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 5180 });
  return { app, url };
}
