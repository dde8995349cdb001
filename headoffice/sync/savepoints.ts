import { sql, type Transaction } from 'kysely';
import type { HqDB } from '../db/schema';

/**
 * The savepoint each mutation of a push runs in, so a refusal undoes only itself. Where the
 * database takes two statements in one round trip (PostgreSQL), a mutation's savepoint is
 * released as the next one is taken — one round trip per mutation instead of two — and the
 * last one with the COMMIT; elsewhere (PGlite) each is released when its mutation is done.
 */
export class MutationSavepoints {
  private open = false;
  constructor(
    private readonly trx: Transaction<HqDB>,
    private readonly combine: boolean,
  ) {}

  async take(): Promise<void> {
    if (this.open && this.combine) await sql.raw('RELEASE SAVEPOINT mutation; SAVEPOINT mutation').execute(this.trx);
    else await sql.raw('SAVEPOINT mutation').execute(this.trx);
    this.open = true;
  }

  async keep(): Promise<void> {
    if (this.combine) return;
    await sql.raw('RELEASE SAVEPOINT mutation').execute(this.trx);
    this.open = false;
  }

  async undo(): Promise<void> {
    // The savepoint stays: released with the next one taken, or the COMMIT.
    await sql.raw('ROLLBACK TO SAVEPOINT mutation').execute(this.trx);
  }
}

/**
 * A mixed push's turn (headoffice/sync/pipelinedMutation.ts) takes no savepoints: when a mutation
 * of it is refused or fails, this is thrown and the whole push is redone on the general path,
 * which takes one per mutation.
 */
export class RedoWithSavepoints extends Error {}
