import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { dropHqSchema, type HqDatabase, openHqDatabase } from '../headoffice/db/open';
import { ROOT } from './lib';

/** The sync benchmarks run against a local PostgreSQL, never the embedded PGlite. */
export const FALLBACK_DATABASE_URL = 'postgres://kiosk:kiosk@127.0.0.1:5432/kiosk_test';

export function benchDatabaseUrl(): { url: string; from: string } {
  if (process.env.KIOSK_BENCH_DATABASE_URL) return { url: process.env.KIOSK_BENCH_DATABASE_URL, from: 'KIOSK_BENCH_DATABASE_URL' };
  if (process.env.KIOSK_TEST_DATABASE_URL) return { url: process.env.KIOSK_TEST_DATABASE_URL, from: 'KIOSK_TEST_DATABASE_URL' };
  return { url: FALLBACK_DATABASE_URL, from: 'the default local URL' };
}

/** The URL without its password, for messages and params. */
export function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * A head office in a fresh schema of the benchmark's PostgreSQL: `db` is an admin connection
 * (branches, enrollment codes, bulk loads) in the same process as the benchmark; the server
 * itself runs in a child process (bench/syncServer.ts) so the benchmark's own work never shares
 * its event loop.
 */
export interface BenchHq {
  hq: HqDatabase;
  url: string;
  schema: string;
  /** Starts the real Fastify server in a child process; answers its loopback base URL. */
  startServer(): Promise<string>;
  stopServer(): Promise<void>;
  /** The server process's CPU seconds so far (it must be running). */
  serverCpuSeconds(): Promise<number>;
  /** Stops the server, closes the connection and drops the schema. */
  dispose(): Promise<void>;
}

async function checkReachable(url: string, from: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redacted(url)} (from ${from}): ${error instanceof Error ? error.message : String(error)}. ` +
        'Set KIOSK_BENCH_DATABASE_URL to a PostgreSQL database the benchmark may create schemas in.',
    );
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function openBenchHq(): Promise<BenchHq> {
  const { url, from } = benchDatabaseUrl();
  await checkReachable(url, from);
  const schema = `hq_bench_${randomBytes(5).toString('hex')}`;
  const hq = await openHqDatabase({ databaseUrl: url, schema, poolSize: 4 });
  let child: ChildProcess | null = null;

  const stopServer = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.send({ stop: true });
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return {
    hq,
    url,
    schema,
    async startServer() {
      if (child) throw new Error('the head-office server is already running');
      // The child inherits tsx's loader from this process's execArgv.
      const c = fork(join(ROOT, 'bench/syncServer.ts'), [], { env: { ...process.env, BENCH_HQ_URL: url, BENCH_HQ_SCHEMA: schema }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child = c;
      return new Promise<string>((resolve, reject) => {
        c.once('message', (m: { url?: string; error?: string }) => (m.url ? resolve(m.url) : reject(new Error(`head-office server: ${m.error}`))));
        c.once('exit', (code) => reject(new Error(`head-office server exited (${code}) before listening`)));
      });
    },
    stopServer,
    serverCpuSeconds() {
      const c = child;
      if (!c) return Promise.reject(new Error('the head-office server is not running'));
      return new Promise<number>((resolve) => {
        const answer = (m: { cpuSeconds?: number }) => {
          if (m.cpuSeconds === undefined) return;
          c.off('message', answer);
          resolve(m.cpuSeconds);
        };
        c.on('message', answer);
        c.send({ cpu: true });
      });
    },
    async dispose() {
      await stopServer();
      await hq.close();
      await dropHqSchema(url, schema);
    },
  };
}
