import type { Kysely } from 'kysely';
import type { PushRequest } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import { applyPushBatched, bulkEligible, REDO_ONE_BY_ONE } from './pushBatch';
import { applyPushSequential } from './pushSequential';
import { abandonMixedPush, finishMixedPush, type MixedPush, startMixedPush } from './pushMixed';
import { type PushOptions, type PushOutcome, takesMultiStatement } from './pushSteps';
import { tryPushVisitRun } from './pushVisitRun';

export type { PushOptions, PushOutcome } from './pushSteps';

/** A push's work that may be done before its turn (the route's PushOrder): step 1 of a mixed batch. */
export type BegunPush = MixedPush | null;

/**
 * Step 1 of a mixed batch of new check-ins and other writes (headoffice/sync/pushMixed.ts), or
 * null. Only on a PostgreSQL server: the work holds a connection until the push's turn, which
 * PGlite's single session cannot spare.
 */
export async function beginPush(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions = {}): Promise<BegunPush> {
  if (options.bulk === false || options.beforeChangeLog || !(await takesMultiStatement(db))) return null;
  return startMixedPush(db, device, req);
}

/** Releases what beginPush holds when the push will not be applied. */
export async function abandonPush(begun: BegunPush): Promise<void> {
  if (begun) await abandonMixedPush(begun);
}

/**
 * One push batch, one transaction (SYNC.md "Head-office side"). A 409 (diverged, out of order)
 * still commits the mutations before the offending one, so the client's resend of them gets
 * their stored results and the batch after the gap can follow.
 *
 * Four ways with the same results, rows and change log: new check-ins mixed with other writes
 * in two steps (headoffice/sync/pushMixed.ts, `begun` when step 1 was done before the push's
 * turn), a run of new check-ins in one statement (headoffice/sync/pushVisitRun.ts), the batched one (a constant number of
 * round trips per batch, headoffice/sync/pushBatch.ts) and the one-by-one reference
 * (headoffice/sync/pushSequential.ts), which takes batches with repeated seqs or mutation ids
 * and redoes a batch whose bulk statement met a poison row.
 */
export async function applyPush(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions = {}, begun?: BegunPush): Promise<PushOutcome> {
  const mixed = begun === undefined ? await beginPush(db, device, req, options) : begun;
  if (mixed) {
    const outcome = await finishMixedPush(mixed, device, options);
    if (outcome) return outcome;
  }
  if (options.bulk !== false && !options.beforeChangeLog) {
    const outcome = await tryPushVisitRun(db, device, req);
    if (outcome) return outcome;
  }
  if (options.bulk !== false && bulkEligible(req.mutations)) {
    const outcome = await applyPushBatched(db, device, req, options);
    if (outcome !== REDO_ONE_BY_ONE) return outcome;
  }
  return applyPushSequential(db, device, req, options);
}
