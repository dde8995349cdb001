import type { AddressInfo } from 'node:net';
import { openHqDatabase } from '../headoffice/db/open';
import { buildServer } from '../headoffice/server';
import { ownCpuSeconds } from './processCpu';

/**
 * The head-office server of the sync benchmark, in its own process (forked by bench/syncHq.ts):
 * the real Fastify app on the real PostgreSQL schema, listening on loopback, with the pool size
 * the head-office CLI uses. Sends `{ url }` once listening; answers `{ cpu: true }` with its CPU
 * seconds so far; stops on `{ stop: true }`.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_HQ_URL;
  const schema = process.env.BENCH_HQ_SCHEMA;
  if (!databaseUrl || !schema) throw new Error('BENCH_HQ_URL and BENCH_HQ_SCHEMA must be set');
  const hq = await openHqDatabase({ databaseUrl, schema });
  const app = buildServer(hq.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  process.on('message', (m: { stop?: boolean; cpu?: boolean }) => {
    if (m.cpu) process.send!({ cpuSeconds: ownCpuSeconds() });
    if (!m.stop) return;
    void app
      .close()
      .then(() => hq.close())
      .finally(() => process.exit(0));
  });
  // The benchmark process is gone (crashed or killed): do not outlive it.
  process.on('disconnect', () => process.exit(0));
  process.send!({ url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
