/**
 * SYNC.md fault 3: head office restarted in the middle of a push and of a pull, gracefully
 * (SIGTERM: the CLI closes the server, letting requests under way finish) and with `kill -9`.
 * Head office runs as its own process (`headoffice/cli.ts serve`) on PGlite, and on PostgreSQL
 * when KIOSK_TEST_DATABASE_URL is set (CI). The branch retries on its timer and drains; every
 * visit is at head office once; a puller resuming from its cursor sees every change once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pullResponse } from '../../core/sync/protocol';
import { dropHqSchema, openHqDatabase, type HqDatabase } from '../../headoffice/db/open';
import { signedHeaders } from '../../services/sync/signer';
import { parseCredential } from '../../services/sync/syncSecretStore';
import { type BranchDesk, openBranchDesk } from './branchDesk';
import { CHILD_TIMEOUT_MS, type HeadOfficeChild, spawnHeadOffice } from './childProcess';
import { type FaultProxy, startFaultProxy } from './faultProxy';
import { branchWithCode, expectExactlyOnce } from './headOffice';

const PG_URL = process.env.KIOSK_TEST_DATABASE_URL;
type Mode = 'graceful' | 'kill -9';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Where head office keeps its data between restarts, and how this test process reads it. */
interface Store {
  name: string;
  spawn(port: number): Promise<HeadOfficeChild>;
  /** Opens the database here; for PGlite only while no head-office process has it open. */
  open(): Promise<HqDatabase>;
  cleanup(): Promise<void>;
}

function pgliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-hq-'));
  return {
    name: 'pglite',
    spawn: (port) => spawnHeadOffice({ port, dataDir: dir }),
    open: () => openHqDatabase({ dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresStore(url: string): Store {
  const schema = `chaos_${randomBytes(5).toString('hex')}`;
  // The CLI takes a bare URL: the schema travels as a connection option.
  const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    name: 'postgres',
    spawn: (port) => spawnHeadOffice({ port, databaseUrl: withSchema }),
    open: () => openHqDatabase({ databaseUrl: url, schema }),
    cleanup: () => dropHqSchema(url, schema),
  };
}

const STORES: (() => Store)[] = [pgliteStore, ...(PG_URL ? [() => postgresStore(PG_URL)] : [])];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A signed pull of one page through the proxy, as the branch's device; null when the request failed. */
async function pullPage(url: string, credential: { deviceId: string; secret: string }, scope: string, after: number) {
  const path = `/v1/pull?${new URLSearchParams({ scope, after: String(after), limit: '4' }).toString()}`;
  try {
    const headers = signedHeaders({ method: 'GET', path, body: '', deviceId: credential.deviceId, secret: Buffer.from(credential.secret, 'base64'), timestampMs: Date.now() });
    const res = await fetch(new URL(path, url), { headers, signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) return null;
    const page = pullResponse.parse(await res.json());
    if (page.reset) throw new Error('unexpected reset');
    return page;
  } catch (error) {
    if (error instanceof Error && error.message === 'unexpected reset') throw error;
    return null;
  }
}

describe.each(STORES.map((make) => ({ make, name: make === pgliteStore ? 'pglite' : 'postgres' })))('head office restarted mid-push and mid-pull on $name (SYNC.md fault 3)', ({ make }) => {
  it.each<Mode>(['graceful', 'kill -9'])(
    '%s: the branch drains exactly once, a puller sees every change once',
    async (mode) => {
      const store = make();
      cleanups.push(store.cleanup);
      const setup = await store.open();
      const { branchId, code } = await branchWithCode(setup.db);
      await setup.close();

      const port = await freePort();
      let hq = await store.spawn(port);
      const proxy: FaultProxy = await startFaultProxy(port);
      let desk: BranchDesk | null = null;
      const restarts: Promise<void>[] = [];
      const stops: (number | null)[] = [];
      const restart = () => {
        const old = hq;
        restarts.push(
          (async () => {
            await new Promise((r) => setTimeout(r, Math.random() * 10)); // somewhere inside the request
            await (mode === 'graceful' ? old.terminate() : old.kill9());
            stops.push(old.proc.exitCode ?? (old.proc.signalCode === 'SIGKILL' ? -9 : null));
            hq = await store.spawn(port);
          })(),
        );
      };
      try {
        desk = await openBranchDesk(proxy.url, code, { engine: { maxCount: 3 } });
        let pushes = 0;
        proxy.decide = (r) => {
          if (r.path === '/v1/push' && ++pushes === 2) restart();
          return { kind: 'pass' };
        };
        for (let i = 0; i < 12; i++) {
          await desk.checkIn(i * 7);
          await new Promise((r) => setTimeout(r, 3));
        }
        await Promise.all(restarts);
        await desk.drained(CHILD_TIMEOUT_MS);
        expect(pushes).toBeGreaterThan(2);
        const record = desk.record();

        // A puller through the same proxy; head office restarts at its second page.
        const credential = parseCredential(readFileSync(`${desk.k.dbPath}.sync.json`, 'utf8'));
        let pulls = 0;
        proxy.decide = (r) => {
          if (r.path === '/v1/pull' && ++pulls === 2) restart();
          return { kind: 'pass' };
        };
        const seen: { seq: number; pk: string }[] = [];
        let cursor = 0;
        const until = Date.now() + CHILD_TIMEOUT_MS;
        for (;;) {
          if (Date.now() > until) throw new Error(`pull did not finish; at ${cursor}`);
          const page = await pullPage(proxy.url, credential, `branch:${branchId}`, cursor);
          if (!page) {
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          seen.push(...page.changes.map((c) => ({ seq: c.seq, pk: c.pk })));
          cursor = page.cursor;
          if (!page.hasMore && restarts.length === 2) break;
        }
        await Promise.all(restarts);
        expect(stops).toEqual(mode === 'graceful' ? [0, 0] : [-9, -9]);
        // The branch and the puller met the down time (refused connections) and came through it.
        expect(proxy.counters.upstreamErrors).toBeGreaterThan(0);
        expect(seen.map((s) => s.seq)).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
        expect(new Set(seen.map((s) => s.pk))).toEqual(new Set(record.newVisitIds));

        await hq.terminate();
        const after = await store.open();
        try {
          await expectExactlyOnce(after.db, branchId, record);
        } finally {
          await after.close();
        }
      } catch (error) {
        // Head office's own errors (level 50 in its log) say why a request got a 5xx.
        const errors = hq.output().split('\n').filter((l) => l.includes('"level":50'));
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- head office errors ---\n${errors.slice(-5).join('\n')}`, { cause: error });
      } finally {
        await desk?.dispose();
        await proxy.close();
        await hq.kill9();
      }
    },
    4 * CHILD_TIMEOUT_MS,
  );
});
