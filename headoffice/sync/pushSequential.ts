import type { Kysely, Transaction } from 'kysely';
import type { MutationResult, PushMutation, PushRequest, SyncErrorBody } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import type { PendingChange } from './handlers';
import { appendChanges, FORBIDDEN_CLIENT, placeInSequence, type PushOptions, type PushOutcome, resultElsewhere, runMutation, setActingBranch, storedByMutationId, syncMutationRow } from './pushSteps';

async function elsewhere(trx: Transaction<HqDB>, device: AuthedDevice, clientId: string, m: PushMutation): Promise<MutationResult | null> {
  return resultElsewhere((await storedByMutationId(trx, [m.mutationId])).get(m.mutationId), device, clientId, m);
}

/**
 * One push batch, one transaction, one mutation after the other, each in its own savepoint:
 * the reference behaviour (SYNC.md "Head-office side"), and what a batch the bulk path cannot
 * take (headoffice/sync/pushBatch.ts) runs through. A 409 (diverged, out of order) still
 * commits the mutations before the offending one, so the client's resend of them gets their
 * stored results and the batch after the gap can follow.
 */
export async function applyPushSequential(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions = {}): Promise<PushOutcome> {
  const alert = (message: string) => options.alert?.(message, device);
  const trx = await db.startTransaction().execute();
  try {
    await setActingBranch(trx, device.branchId);
    await trx
      .insertInto('sync_client')
      .values({ client_id: req.clientId, device_id: device.deviceId, branch_id: device.branchId, last_seq: 0 })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute();
    // NO KEY UPDATE: a next batch begun early holds this row in key-share mode (its stored
    // results' foreign key) while it waits for this push (headoffice/db/pushMixedStoredEarlySql.ts).
    const client = await trx.selectFrom('sync_client').selectAll().where('client_id', '=', req.clientId).forNoKeyUpdate().executeTakeFirstOrThrow();
    if (client.device_id !== device.deviceId) {
      await trx.rollback().execute();
      alert(`client id ${req.clientId} belongs to another device`);
      return FORBIDDEN_CLIENT;
    }
    let lastSeq = Number(client.last_seq);
    const results: MutationResult[] = [];
    const changes: PendingChange[] = [];
    let error: SyncErrorBody | null = null;
    for (const m of req.mutations) {
      const place = await placeInSequence(m, lastSeq, {
        stored: () => trx.selectFrom('sync_mutation').select(['mutation_id', 'args_hash', 'result']).where('client_id', '=', req.clientId).where('seq', '=', m.seq).executeTakeFirst(),
        elsewhere: () => elsewhere(trx, device, req.clientId, m),
      });
      if (place.kind === 'stop') {
        error = place.error;
        break;
      }
      if (place.kind === 'resent') {
        results.push(place.result);
        continue;
      }
      const other = await elsewhere(trx, device, req.clientId, m);
      const result = other ?? (await runMutation(trx, device, m, changes, alert));
      if (!other) await trx.insertInto('sync_mutation').values(syncMutationRow(req.clientId, m, result)).execute();
      results.push(result);
      lastSeq = m.seq;
    }
    if (lastSeq !== Number(client.last_seq)) await trx.updateTable('sync_client').set({ last_seq: lastSeq }).where('client_id', '=', req.clientId).execute();
    if (options.beforeChangeLog) await options.beforeChangeLog();
    await appendChanges(trx, changes);
    await trx.commit().execute();
    if (error) return { status: 409, body: error };
    return { status: 200, body: { results, lastSeq } };
  } catch (e) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    throw e;
  }
}
