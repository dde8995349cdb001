/** Test support: the hooks every head-office suite repeats, one database and one server per suite. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { HqDatabase } from './db/open';
import { buildServer, type ServerOptions } from './server';
import type { Backend } from './testing';

/** The suite's head office; filled in by its beforeAll, so read the fields inside hooks and tests. */
export interface ServedHq {
  hq: HqDatabase;
  /** Driven with app.inject: the server is ready but does not listen on a port. */
  app: FastifyInstance;
}

/** Registers beforeAll/afterAll for the calling describe: a fresh database on `backend` and the server over it. */
export function servedHq(backend: Backend, options: ServerOptions = {}): ServedHq {
  const served = {} as ServedHq;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    served.hq = opened.hq;
    served.app = buildServer(opened.hq.db, options);
    await served.app.ready();
  }, 60_000);
  afterAll(async () => {
    await served.app?.close();
    await cleanup?.();
  }, 60_000);
  return served;
}
