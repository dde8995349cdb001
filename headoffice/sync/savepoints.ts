import { sql, type Transaction } from 'kysely';
import type { HqDB } from '../db/schema';

/** How a mutation's writes are kept or undone when it is refused (headoffice/sync/pushSteps.ts runMutation). */
export interface Savepoints {
  take(): Promise<void>;
  keep(): Promise<void>;
  undo(): Promise<void>;
}

/**
 * The savepoint each mutation of a push runs in, so a refusal undoes only itself. Where the
 * database takes two statements in one round trip (PostgreSQL), a mutation's savepoint is
 * released as the next one is taken — one round trip per mutation instead of two — and the
 * last one with the COMMIT; elsewhere (PGlite) each is released when its mutation is done.
 */
export class MutationSavepoints implements Savepoints {
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

/** Thrown by OptimisticSavepoints when a mutation needs undoing: the whole push is redone with savepoints. */
export class RedoWithSavepoints extends Error {}

/**
 * No savepoints at all: for a push that is redone on the general path (which takes them) as soon
 * as any mutation is refused or fails, so the round trip a savepoint costs is saved on every
 * mutation of the usual batch, where nothing is refused.
 */
export class OptimisticSavepoints implements Savepoints {
  async take(): Promise<void> {}
  async keep(): Promise<void> {}
  async undo(): Promise<void> {
    throw new RedoWithSavepoints('a mutation of this push needs undoing');
  }
}
