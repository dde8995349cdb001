import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateHq } from './migrations';
import { pglitePool } from './pglitePool';
import { registerPgPool } from './pipelinedSession';
import type { HqDB } from './schema';

export interface HqDatabase {
  db: Kysely<HqDB>;
  kind: 'postgres' | 'pglite';
  /** Where the data lives: the data folder for PGlite, the URL's host/database for PostgreSQL. */
  where: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; without it an embedded PGlite database opens in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** PostgreSQL only: work in this schema (created if missing), used by the tests. */
  schema?: string;
  poolSize?: number;
}

const INT8_OID = 20;
/** A schema name safe to splice into DDL (it cannot be a bound parameter). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Connections to PostgreSQL per head-office process. */
export const DEFAULT_POOL_SIZE = 16;

/** Opens the head-office database and brings its schema up to date. */
export async function openHqDatabase(options: OpenOptions): Promise<HqDatabase> {
  if (options.databaseUrl) {
    if (options.schema && !SCHEMA_NAME.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      // More connections than cores: a push waits for its branch's change-log counter, locked
      // until the commit is on disk, and a waiting push holds its connection; with 10, half
      // the pool sat waiting under 500 desks and the CPUs idled (bench/README.md "Sync").
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      // bigint columns (seqs) as numbers: they stay far below 2^53.
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
    });
    if (options.schema) {
      const c = await pool.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      } finally {
        c.release();
      }
    }
    const db = new Kysely<HqDB>({ dialect: new PostgresDialect({ pool }) });
    registerPgPool(db, pool);
    await migrateHq(db);
    const url = new URL(options.databaseUrl);
    return { db, kind: 'postgres', where: `${url.host}${url.pathname}${options.schema ? ` (schema ${options.schema})` : ''}`, close: () => db.destroy() };
  }
  const dataDir = resolve(options.dataDir ?? './headoffice-data');
  mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  const db = new Kysely<HqDB>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
  await migrateHq(db);
  return { db, kind: 'pglite', where: dataDir, close: () => db.destroy() };
}

/** Drops a schema opened with `OpenOptions.schema` (the tests' and benchmarks' own), if it is there. */
export async function dropHqSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`bad schema name ${schema}`);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}
