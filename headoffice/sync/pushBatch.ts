import { type Kysely, type Selectable, sql } from 'kysely';
import type { MutationResult, PushMutation, PushRequest, SyncErrorBody } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import { PUSH_LOCK_TIMEOUT } from '../db/pushMixedSql';
import type { HqDB } from '../db/schema';
import { HANDLERS, type PendingChange } from './handlers';
import {
  appendChanges, FORBIDDEN_CLIENT, isOtherBranchWrite, isPermanentDbError, placeInSequence, type PushOptions, type PushOutcome, rejectedResult, resultElsewhere, runMutation,
  storedByMutationId, storeMutations, takesMultiStatement,
} from './pushSteps';
import { MutationSavepoints } from './savepoints';

/** The batch must be redone one mutation at a time (headoffice/sync/pushSequential.ts). */
export const REDO_ONE_BY_ONE = Symbol('redo one by one');

/**
 * Whether the bulk path gives the same answer as one-by-one without looking at the database:
 * strictly rising seqs and no mutation id twice. Otherwise a mutation could meet a row an
 * earlier one of the same batch stored, which the bulk path writes only at the end.
 */
export function bulkEligible(mutations: readonly PushMutation[]): boolean {
  const ids = new Set<string>();
  for (let i = 0; i < mutations.length; i++) {
    if (i > 0 && mutations[i]!.seq <= mutations[i - 1]!.seq) return false;
    if (ids.has(mutations[i]!.mutationId)) return false;
    ids.add(mutations[i]!.mutationId);
  }
  return true;
}

/**
 * Sets the push's acting branch (migration 5's check) and lock timeout (PUSH_LOCK_TIMEOUT) and
 * locks the client row (created on first use), in one statement; returns the row.
 */
export async function lockClient(trx: Kysely<HqDB>, device: AuthedDevice, clientId: string) {
  const { rows } = await lockClientQuery(device, clientId).execute(trx);
  return rows[0]!;
}

/** lockClient's statement: answers the client row, made if missing. */
export function lockClientQuery(device: AuthedDevice, clientId: string) {
  // The no-op update takes the row lock as SELECT … FOR NO KEY UPDATE would.
  return sql<Selectable<HqDB['sync_client']>>`
    WITH acting AS (SELECT set_config('kiosk.acting_branch', ${device.branchId}, true), set_config('lock_timeout', ${PUSH_LOCK_TIMEOUT}, true))
    INSERT INTO sync_client (client_id, device_id, branch_id, last_seq) SELECT ${clientId}, ${device.deviceId}, ${device.branchId}, 0 FROM acting
    ON CONFLICT (client_id) DO UPDATE SET last_seq = sync_client.last_seq
    RETURNING *`;
}

/**
 * One push batch, one transaction, with a constant number of round trips instead of ~5 per
 * mutation: one query for every stored mutation id of the batch, each run of bulk-capable
 * mutations (append-only facts) in one statement, one multi-row INSERT of the sync_mutation
 * rows with the UPDATE of last_seq, and on PostgreSQL the change log sent with the COMMIT
 * (pushSteps.ts appendLastScopeAndCommit). Other mutations keep their own savepoint. Same results, rows
 * and change log as one-by-one (headoffice/push*.test.ts). A bulk statement failing for a data
 * reason (a poison row the checks in JS let through) rolls everything back and answers
 * REDO_ONE_BY_ONE, so that poison still only rejects itself.
 */
export async function applyPushBatched(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions): Promise<PushOutcome | typeof REDO_ONE_BY_ONE> {
  // Alerts wait for the outcome: a batch redone one by one raises them again.
  const alerts: string[] = [];
  const alert = (message: string) => alerts.push(message);
  let redo = false;
  let committed = false;
  const commitWithChanges = await takesMultiStatement(db);
  const trx = await db.startTransaction().execute();
  try {
    const client = await lockClient(trx, device, req.clientId);
    if (client.device_id !== device.deviceId) {
      await trx.rollback().execute();
      alert(`client id ${req.clientId} belongs to another device`);
      return FORBIDDEN_CLIENT;
    }
    const firstLastSeq = Number(client.last_seq);
    const replays = req.mutations.filter((m) => m.seq <= firstLastSeq).map((m) => m.seq);
    const storedBySeq = new Map(
      replays.length === 0
        ? []
        : (await trx.selectFrom('sync_mutation').select(['seq', 'mutation_id', 'args_hash', 'result']).where('client_id', '=', req.clientId).where('seq', 'in', replays).execute()).map((r) => [Number(r.seq), r]),
    );
    const storedById = await storedByMutationId(trx, req.mutations.map((m) => m.mutationId));

    let lastSeq = firstLastSeq;
    const results: MutationResult[] = [];
    const changes: PendingChange[][] = [];
    const toStore: { m: PushMutation; at: number }[] = [];
    // Bulk-capable mutations wait here, by mutation name, until a mutation they do not commute with (handlers/context.ts) or the end.
    const waiting = new Map<string, { m: PushMutation; at: number }[]>();
    /** Applies the waiting runs, or only those that cannot wait past a mutation named `before`. */
    const flush = async (before?: string) => {
      for (const [name, items] of waiting) {
        if (before !== undefined && HANDLERS[name]!.commutesWith?.(before)) continue;
        const outcomes = await HANDLERS[name]!.bulk!({ trx, device, alert }, items.map((i) => i.m));
        items.forEach(({ m, at }, k) => {
          const o = outcomes[k]!;
          results[at] = o.rejected ? rejectedResult(m, o.rejected) : { seq: m.seq, mutationId: m.mutationId, status: 'applied' };
          changes[at] = o.changes ?? [];
        });
        waiting.delete(name);
      }
    };

    const savepoints = new MutationSavepoints(trx, commitWithChanges);
    let error: SyncErrorBody | null = null;
    for (const m of req.mutations) {
      const at = results.length;
      const place = await placeInSequence(m, lastSeq, { stored: () => storedBySeq.get(m.seq), elsewhere: () => resultElsewhere(storedById.get(m.mutationId), device, req.clientId, m) });
      if (place.kind === 'stop') {
        error = place.error;
        break;
      }
      if (place.kind === 'resent') {
        results.push(place.result);
        continue;
      }
      lastSeq = m.seq;
      const other = resultElsewhere(storedById.get(m.mutationId), device, req.clientId, m);
      if (other) {
        results.push(other);
        continue;
      }
      toStore.push({ m, at });
      const handler = HANDLERS[m.name];
      if (handler?.bulk && handler.versions.includes(m.version)) {
        results.push(undefined as unknown as MutationResult); // filled by the flush
        const run = waiting.get(m.name) ?? [];
        run.push({ m, at });
        waiting.set(m.name, run);
        continue;
      }
      await flush(m.name);
      const mine: PendingChange[] = [];
      results.push(await runMutation(trx, device, m, mine, alert, savepoints));
      changes[at] = mine;
    }
    await flush();

    if (toStore.length > 0) {
      // Stored rows and the client's new last_seq in one statement (toStore implies a new last_seq).
      await storeMutations(trx, req.clientId, lastSeq, toStore.map(({ m, at }) => ({ m, result: results[at]! })));
    } else if (lastSeq !== firstLastSeq) await trx.updateTable('sync_client').set({ last_seq: lastSeq }).where('client_id', '=', req.clientId).execute();
    if (options.beforeChangeLog) await options.beforeChangeLog();
    committed = await appendChanges(trx, changes.flat(), commitWithChanges);
    await trx.commit().execute(); // when appendChanges committed, this closes the empty transaction it began
    if (error) return { status: 409, body: error };
    return { status: 200, body: { results, lastSeq } };
  } catch (e) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    // Only the bulk statements and the bookkeeping get here with a data error (a mutation with
    // a savepoint catches its own): someone's poison, found again one savepoint at a time.
    if ((isPermanentDbError(e) || isOtherBranchWrite(e)) && !committed) {
      redo = true;
      return REDO_ONE_BY_ONE;
    }
    throw e;
  } finally {
    if (!redo) for (const message of alerts) options.alert?.(message, device);
  }
}
