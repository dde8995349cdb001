import { type ControlledTransaction, type Kysely, sql } from 'kysely';
import type { MutationResult, PushRequest } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import type { PendingChange } from './handlers';
import { newVisitKioskRow } from './handlers/visit';
import { lockClient } from './pushBatch';
import { isOtherBranchWrite, isPermanentDbError, type PushOptions, type PushOutcome, runMutation, storedMutationJson } from './pushSteps';
import { OptimisticSavepoints, RedoWithSavepoints } from './savepoints';
import { branchScope } from './scopes';

/**
 * A desk's next batch of new check-ins mixed with other writes — what a desk back from a day
 * offline sends, batch after batch — in two steps of one transaction
 * (headoffice/db/pushMixedStoredEarlySql.ts):
 *
 * 1. `startMixedPush`, before the push's turn (headoffice/sync/pushOrder.ts), so while head
 *    office still applies the desk's previous batch: the visits and their stored results are
 *    inserted, each sent once. Check-ins commute with every mutation not named `visit.*`
 *    (docs/SYNC-MUTATIONS.md), so inserting them before the batch's other writes is what
 *    one-by-one would leave.
 * 2. `finishMixedPush`, in the push's turn: the client row locked and checked, the other
 *    writes one by one, then one statement for the other results, the cursor and the change
 *    log, sent with the COMMIT. No savepoints: a batch in which anything is refused is redone
 *    on the general path, which takes one per mutation; the usual batch, where nothing is,
 *    saves a round trip per write.
 *
 * Same answers, rows and change log as one-by-one (headoffice/pushMixed.test.ts). Anything that
 * is not a plain next batch — a resend, a gap, another device's client, a stored mutation id or
 * visit id, a refusal, a value PostgreSQL refuses — rolls back and answers null; the caller then
 * takes the general path, which has the answer for every case.
 */
export interface MixedPush {
  req: PushRequest;
  trx: ControlledTransaction<HqDB>;
  /** The batch positions of the visits inserted early. */
  visitAt: ReadonlySet<number>;
}

/** The visits of a mixed batch, in the desk's row shape, with their batch positions; null when the batch is not one. */
export function planMixedPush(req: PushRequest, device: AuthedDevice): { rows: Record<string, unknown>[]; at: number[] } | null {
  const { mutations } = req;
  const first = mutations[0]!.seq;
  const rows: Record<string, unknown>[] = [];
  const at: number[] = [];
  const visitIds = new Set<unknown>();
  const mutationIds = new Set<string>();
  for (const [i, m] of mutations.entries()) {
    if (m.seq !== first + i || mutationIds.has(m.mutationId)) return null;
    mutationIds.add(m.mutationId);
    const row = m.name === 'visit.record' && m.version === 1 ? newVisitKioskRow(m.args, device) : null;
    if (row && !visitIds.has(row.id)) {
      visitIds.add(row.id);
      rows.push(row);
      at.push(i);
      continue;
    }
    // An override, or a check-in the handler must judge (refuse, or store as sent): its order
    // among the visits matters, and the general path keeps it.
    if (m.name.startsWith('visit.')) return null;
  }
  // Nothing but visits: one statement does it all (headoffice/sync/pushVisitRun.ts).
  if (rows.length === 0 || rows.length === mutations.length) return null;
  return { rows, at };
}

/** Step 1. Null, with nothing left open, when the batch cannot take this way. */
export async function startMixedPush(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest): Promise<MixedPush | null> {
  const plan = planMixedPush(req, device);
  if (!plan) return null;
  const stored = plan.at.map((i) => {
    const m = req.mutations[i]!;
    return { seq: m.seq, mutation_id: m.mutationId, args_hash: m.argsHash, hlc: m.hlc, device_time: m.deviceTime };
  });
  const trx = await db.startTransaction().execute();
  try {
    const { rows } = await sql<{ inserted: number }>`
      SELECT push_mixed_start(${device.branchId}, ${device.deviceId}, ${req.clientId}, ${JSON.stringify(plan.rows)}, ${JSON.stringify(stored)},
        ${req.mutations.map((m) => m.mutationId)}::text[]) AS inserted`.execute(trx);
    if (Number(rows[0]?.inserted) !== plan.rows.length) {
      await trx.rollback().execute();
      return null;
    }
    return { req, trx, visitAt: new Set(plan.at) };
  } catch {
    // A visit id already stored, a value PostgreSQL refuses, or the database is unreachable: the general path answers (or fails) as usual.
    if (!trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    return null;
  }
}

/** Gives up a step 1 that will not be finished (the request failed before its turn). */
export async function abandonMixedPush(mixed: MixedPush): Promise<void> {
  if (!mixed.trx.isCommitted && !mixed.trx.isRolledBack) await mixed.trx.rollback().execute().catch(() => undefined);
}

/** Step 2. Null after a rollback when the batch turns out not to be a plain next one. */
export async function finishMixedPush(mixed: MixedPush, device: AuthedDevice, options: PushOptions): Promise<PushOutcome | null> {
  const { req, trx, visitAt: early } = mixed;
  const alerts: string[] = [];
  const alert = (message: string) => alerts.push(message);
  const first = req.mutations[0]!.seq;
  const lastSeq = first + req.mutations.length - 1;
  let committed = false;
  try {
    const client = await lockClient(trx, device, req.clientId);
    if (client.device_id !== device.deviceId || Number(client.last_seq) + 1 !== first) {
      await trx.rollback().execute();
      return null;
    }
    const results: MutationResult[] = [];
    /** Each visit's place among the batch's change-log entries. */
    const visitAt: number[] = [];
    const stored: ReturnType<typeof storedMutationJson>[] = [];
    const changes: (PendingChange & { i: number })[] = [];
    let ordinal = 0;
    const savepoints = new OptimisticSavepoints();
    for (const [at, m] of req.mutations.entries()) {
      if (early.has(at)) {
        results.push({ seq: m.seq, mutationId: m.mutationId, status: 'applied' });
        visitAt.push(ordinal++);
        continue;
      }
      const mine: PendingChange[] = [];
      const result = await runMutation(trx, device, m, mine, alert, savepoints);
      results.push(result);
      stored.push(storedMutationJson(m, result));
      for (const c of mine) changes.push({ ...c, i: ordinal++ });
    }
    await tailAndCommit(trx, {
      client: req.clientId,
      last_seq: String(lastSeq),
      scope: branchScope(device.branchId),
      visit_at: `{${visitAt.join(',')}}`,
      stored: JSON.stringify(stored),
      changes: JSON.stringify(changes.map((c) => ({ scope: c.scope, i: c.i, table_name: c.table, pk: c.pk, op: c.op, row: c.row, version: c.version }))),
    });
    committed = true;
    await trx.commit().execute(); // closes the empty transaction tailAndCommit began
    for (const message of alerts) options.alert?.(message, device);
    return { status: 200, body: { results, lastSeq } };
  } catch (e) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    // A refusal or a data error (there are no savepoints here): found again by the general path.
    if (!committed && (e instanceof RedoWithSavepoints || isPermanentDbError(e) || isOtherBranchWrite(e))) return null;
    throw e;
  }
}

/**
 * push_mixed_finish and the COMMIT in one round trip, as the bulk path sends its change log
 * (pushSteps.ts appendLastScopeAndCommit): the branch's change-log counter, locked by the tail,
 * is then held for the statement and the commit's flush only, not also for a trip back to Node.
 * The values go first into transaction-local settings as bound parameters, so the statements
 * sent together carry none; "BEGIN" after the COMMIT leaves the transaction object an empty
 * transaction to close as usual.
 */
async function tailAndCommit(trx: ControlledTransaction<HqDB>, v: Record<'client' | 'last_seq' | 'scope' | 'visit_at' | 'stored' | 'changes', string>): Promise<void> {
  await sql`SELECT set_config('kiosk.tail_client', ${v.client}, true), set_config('kiosk.tail_last_seq', ${v.last_seq}, true),
    set_config('kiosk.tail_scope', ${v.scope}, true), set_config('kiosk.tail_visit_at', ${v.visit_at}, true),
    set_config('kiosk.tail_stored', ${v.stored}, true), set_config('kiosk.tail_changes', ${v.changes}, true)`.execute(trx);
  await sql
    .raw(
      `SELECT push_mixed_finish(current_setting('kiosk.tail_client'), current_setting('kiosk.tail_last_seq')::bigint, current_setting('kiosk.tail_scope'),
        current_setting('kiosk.tail_visit_at')::integer[], current_setting('kiosk.tail_stored')::jsonb, current_setting('kiosk.tail_changes')::jsonb);
      COMMIT;
      BEGIN`,
    )
    .execute(trx);
}
