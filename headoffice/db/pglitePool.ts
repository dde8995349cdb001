import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Kysely's PostgresDialect over PGlite: a pool of one connection. PGlite is a single session,
 * so a connection is handed to one user at a time (a transaction holds it until it ends) and
 * the others wait in line — exactly what a transaction on a one-connection pool needs.
 * (kysely-pglite-dialect exists but declares PGlite ≤ 0.4 only.)
 */
export function pglitePool(pg: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  const client = {
    async query(sqlText: string, parameters: readonly unknown[]) {
      const r = await pg.query(sqlText, parameters as unknown[]);
      const command = sqlText.trimStart().split(/\s+/, 1)[0]?.toUpperCase() ?? '';
      return { command, rowCount: r.affectedRows ?? 0, rows: r.rows };
    },
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const before = tail;
      tail = before.then(() => mine);
      await before;
      let released = false;
      return {
        query: client.query as PostgresPoolClient['query'],
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    async end() {
      await tail;
      await pg.close();
    },
  };
}
