/** Test support for the head-office suites: one database per suite, on PGlite and PostgreSQL. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEVICE_HEADER, NONCE_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, pullResponse, type PushMutation, SCHEMA_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../core/sync/protocol';
import { signRequest } from './auth/signature';
import { dropHqSchema, type HqDatabase, openHqDatabase } from './db/open';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<{ hq: HqDatabase; cleanup(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'hq-test-'));
    const hq = await openHqDatabase({ dataDir: dir });
    return { hq, cleanup: async () => { await hq.close(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

const postgres = (url: string): Backend => ({
  name: 'postgres',
  async open() {
    const schema = `hq_${randomBytes(6).toString('hex')}`;
    const hq = await openHqDatabase({ databaseUrl: url, schema, poolSize: 12 });
    return {
      hq,
      cleanup: async () => {
        await hq.close();
        await dropHqSchema(url, schema);
      },
    };
  },
});

/** PGlite always; real PostgreSQL when KIOSK_TEST_DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = [pglite, ...(process.env.KIOSK_TEST_DATABASE_URL ? [postgres(process.env.KIOSK_TEST_DATABASE_URL)] : [])];

export const VERSION_HEADERS = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: '6' };

export interface SignOptions {
  timestamp?: number;
  nonce?: string;
  secret?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** An enrolled kiosk as the tests drive it: signs like services/sync will. */
export class TestDevice {
  constructor(
    readonly app: FastifyInstance,
    readonly deviceId: string,
    readonly secret: string,
    readonly branchId: string,
  ) {}

  async request(method: 'GET' | 'POST', url: string, body?: unknown, o: SignOptions = {}) {
    const payload = o.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
    const ts = o.timestamp ?? Date.now();
    const nonce = o.nonce ?? randomBytes(16).toString('hex');
    const signature = signRequest(o.secret ?? this.secret, method, url, ts, nonce, payload);
    const res = await this.app.inject({
      method,
      url,
      payload: payload === '' ? undefined : payload,
      headers: {
        ...VERSION_HEADERS,
        ...(payload === '' ? {} : { 'content-type': 'application/json' }),
        [DEVICE_HEADER]: this.deviceId, [TIMESTAMP_HEADER]: String(ts), [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: signature,
        ...o.headers,
      },
    });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : null };
  }

  push(clientId: string, mutations: PushMutation[], o?: SignOptions) {
    return this.request('POST', '/v1/push', { clientId, mutations }, o);
  }

  pull(scope: string, after: number, limit?: number) {
    const q = new URLSearchParams({ scope, after: String(after), ...(limit ? { limit: String(limit) } : {}) });
    return this.request('GET', `/v1/pull?${q.toString()}`);
  }
}

export function argsHash(args: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(args)).digest('hex');
}

export function mutation(seq: number, name: string, args: Record<string, unknown>, version = 1): PushMutation {
  return { seq, mutationId: randomUUID(), name, version, args, argsHash: argsHash(args), hlc: `${Date.now()}-0-${seq}`, deviceTime: new Date().toISOString() };
}

/** A visit.record mutation shaped like services/checkinService.ts writes it. */
export function visitArgs(branchId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(), member_id: randomUUID(), branch_id: branchId, device_id: randomUUID(), staff_id: null, source: 'card', card_uid: 'A1B2C3D4',
    occurred_at: new Date().toISOString(), admitted: 1, color: 'green', reasons: [{ code: 'ok' }], tier_code: null,
    override_staff_id: null, override_reason: null, overridden_at: null, ...over,
  };
}

/**
 * A desk pulling `scope` while others push (SYNC.md fault 9): pages of `pageSize` from cursor 0
 * until `finished()` held before a page that had no more. Answers every change seen, in order.
 */
export async function pollScope(puller: TestDevice, scope: string, pageSize: number, finished: () => boolean): Promise<{ seq: number; pk: string }[]> {
  const seen: { seq: number; pk: string }[] = [];
  let cursor = 0;
  for (;;) {
    const last = finished();
    const page = pullResponse.parse((await puller.pull(scope, cursor, pageSize)).body);
    if (page.reset) throw new Error('unexpected reset');
    seen.push(...page.changes.map((c) => ({ seq: c.seq, pk: c.pk })));
    cursor = page.cursor;
    if (last && !page.hasMore) return seen;
    if (!page.hasMore) await new Promise((r) => setTimeout(r, 2));
  }
}
