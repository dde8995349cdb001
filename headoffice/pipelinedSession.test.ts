import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqDatabase } from './db/open';
import { openPipelinedSession } from './db/pipelinedSession';
import { type Backend, BACKENDS } from './testing';

/**
 * The pipelined connection a mixed push's turn runs on (headoffice/db/pipelinedSession.ts):
 * what the turn relies on — statements run in the order sent, a statement sent without waiting
 * is seen by the next one, and a failed one fails every statement after it in the transaction.
 */
/** A head-office database of `backend` for the suite. */
function useHq(backend: Backend) {
  let opened: { hq: HqDatabase; cleanup(): Promise<void> };
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened.cleanup();
  });
  return { hq: () => opened.hq };
}

describe.each(BACKENDS)('pipelined session ($name)', (backend) => {
  const { hq } = useHq(backend);

  it('is only offered on PostgreSQL', async () => {
    const session = await openPipelinedSession(hq().db);
    expect(session === null).toBe(backend.name === 'pglite');
    session?.release();
  });
});

describe.each(BACKENDS.filter((b) => b.name === 'postgres'))('pipelined session statements ($name)', (backend) => {
  const { hq } = useHq(backend);

  it('runs statements in the order sent; one sent without waiting is seen by the next', async () => {
    const session = (await openPipelinedSession(hq().db))!;
    try {
      await sql`BEGIN`.execute(session.db);
      await sql`CREATE TEMP TABLE piped (n integer) ON COMMIT DROP`.execute(session.db);
      const inserts = [1, 2, 3].map((n) => session.send(sql`INSERT INTO piped VALUES (${n}) RETURNING n`.compile(session.db)));
      // Through the session's Kysely, after the three sends: it sees all three.
      const { rows } = await sql<{ ns: number[] }>`SELECT array_agg(n ORDER BY n) AS ns FROM piped`.execute(session.db);
      expect(rows[0]!.ns).toEqual([1, 2, 3]);
      expect((await Promise.all(inserts)).map((r) => (r[0] as { n: number }).n)).toEqual([1, 2, 3]);
      await sql`COMMIT`.execute(session.db);
    } finally {
      session.release();
    }
  });

  it('fails every statement after a failed one until the rollback, and the connection is usable again', async () => {
    const session = (await openPipelinedSession(hq().db))!;
    try {
      await sql`BEGIN`.execute(session.db);
      const bad = session.send(sql`SELECT 1 / ${0} AS n`.compile(session.db));
      const after = session.send(sql`SELECT 2 AS n`.compile(session.db));
      await expect(bad).rejects.toMatchObject({ code: '22012' }); // division by zero
      await expect(after).rejects.toMatchObject({ code: '25P02' }); // in a failed transaction
      await sql`ROLLBACK`.execute(session.db);
      const { rows } = await sql<{ n: number }>`SELECT 3 AS n`.execute(session.db);
      expect(rows[0]!.n).toBe(3);
    } finally {
      session.release();
    }
    // Given back out of pipeline mode: the pool's next user of that connection awaits each query as usual.
    const { rows } = await sql<{ n: number }>`SELECT 4 AS n`.execute(hq().db);
    expect(rows[0]!.n).toBe(4);
  });
});
