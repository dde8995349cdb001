import { type CompiledQuery, type Compilable, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { HqDB } from './schema';

/**
 * One PostgreSQL connection in pipeline mode (node-postgres `pipeline`), for a push's turn:
 * `send` puts a statement on the wire at once and answers when its result comes back, so the
 * next statement need not wait for it — a mutation's last write and the next mutation's read
 * travel together, one round trip for both instead of two. PostgreSQL runs them in the order
 * sent; an error aborts the transaction, so every statement after it fails too.
 *
 * `db` runs queries on the same connection the usual way (each awaited); it is a Kysely of its
 * own over a one-connection pool, because a Kysely transaction waits for each query to finish
 * before it sends the next.
 *
 * Only for head-office databases opened by headoffice/db/open.ts on PostgreSQL (not PGlite).
 */
export interface PipelinedSession {
  db: Kysely<HqDB>;
  /** Sends the statement now; its rows when its result arrives. */
  send<O>(query: Compilable<O> | CompiledQuery<O>): Promise<O[]>;
  /** Resolves once no statement sent on the session waits for its answer. */
  idle(): Promise<void>;
  /** Gives the connection back (`broken`: closes it instead, its state being unknown); call when idle. */
  release(broken?: boolean): void;
}

const pools = new WeakMap<Kysely<HqDB>, pg.Pool>();
/** Per pooled connection: the Kysely over it alone, made once. */
const bound = new WeakMap<pg.PoolClient, Kysely<HqDB>>();

/** Statements sent on a connection and not yet answered. */
const outstanding = new WeakMap<pg.PoolClient, Set<Promise<unknown>>>();

function track<T>(client: pg.PoolClient, answer: Promise<T>): Promise<T> {
  let set = outstanding.get(client);
  if (!set) outstanding.set(client, (set = new Set()));
  const mine = set;
  const settled: Promise<unknown> = answer.then(
    (): unknown => mine.delete(settled),
    (): unknown => mine.delete(settled),
  );
  mine.add(settled);
  return answer;
}

function boundKysely(client: pg.PoolClient): Kysely<HqDB> {
  let db = bound.get(client);
  if (!db) {
    // Released by the session, not by Kysely after each query.
    const held = { query: (text: string, values: unknown[]) => track(client, client.query(text, values)), release: () => undefined };
    const onePool: PostgresPool = { connect: async () => held as unknown as PostgresPoolClient, end: async () => undefined };
    db = new Kysely<HqDB>({ dialect: new PostgresDialect({ pool: onePool }) });
    bound.set(client, db);
  }
  return db;
}

/** Called by openHqDatabase for a PostgreSQL database. */
export function registerPgPool(db: Kysely<HqDB>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** A pipelined connection of `db`'s pool; null on PGlite. */
export async function openPipelinedSession(db: Kysely<HqDB>): Promise<PipelinedSession | null> {
  const pool = pools.get(db);
  if (!pool) return null;
  const client = await pool.connect();
  // node-postgres reads the flag at each send; set for this checkout only (the pool's other
  // users await every query and get nothing from it), cleared with an empty queue on release.
  const flagged = client as pg.PoolClient & { pipeline: boolean };
  flagged.pipeline = true;
  let released = false;
  return {
    db: boundKysely(client),
    async send<O>(query: Compilable<O> | CompiledQuery<O>) {
      const compiled = 'compile' in query ? query.compile() : query;
      const result = await track(client, client.query(compiled.sql, compiled.parameters as unknown[]));
      return result.rows as O[];
    },
    async idle() {
      // An answer's callbacks may send more: wait until nothing is left.
      for (let set = outstanding.get(client); set && set.size > 0; set = outstanding.get(client)) await Promise.allSettled([...set]);
    },
    release(broken = false) {
      if (released) return;
      released = true;
      // Out of pipeline mode only with nothing on the wire; otherwise the connection is not reused.
      if ((outstanding.get(client)?.size ?? 0) > 0) broken = true;
      flagged.pipeline = false;
      client.release(broken ? true : undefined);
    },
  };
}
