import type { Kysely } from 'kysely';
import type { PushRequest } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import { applyPushBatched, bulkEligible, REDO_ONE_BY_ONE } from './pushBatch';
import { applyPushSequential } from './pushSequential';
import { tryPushVisitRun } from './pushVisitRun';
import type { PushOptions, PushOutcome } from './pushSteps';

export type { PushOptions, PushOutcome } from './pushSteps';

/**
 * One push batch, one transaction (SYNC.md "Head-office side"). A 409 (diverged, out of order)
 * still commits the mutations before the offending one, so the client's resend of them gets
 * their stored results and the batch after the gap can follow.
 *
 * Three ways with the same results, rows and change log: a run of new check-ins in one
 * statement (headoffice/sync/pushVisitRun.ts), the batched one (a constant number of
 * round trips per batch, headoffice/sync/pushBatch.ts) and the one-by-one reference
 * (headoffice/sync/pushSequential.ts), which takes batches with repeated seqs or mutation ids
 * and redoes a batch whose bulk statement met a poison row.
 */
export async function applyPush(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions = {}): Promise<PushOutcome> {
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
