import { type Kysely, sql } from 'kysely';
import type { MutationResult, PushRequest } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import { openPipelinedSession, type PipelinedSession } from '../db/pipelinedSession';
import type { HqDB } from '../db/schema';
import type { PendingChange } from './handlers';
import { newVisitKioskRow } from './handlers/visit';
import { lockClientQuery } from './pushBatch';
import { runMutationsPipelined } from './pipelinedMutation';
import { isOtherBranchWrite, isPermanentDbError, type PushOptions, type PushOutcome, storedMutationJson } from './pushSteps';
import { RedoWithSavepoints } from './savepoints';
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
 * 2. `finishMixedPush`, in the push's turn: the client row locked (checked before the
 *    commit), the other writes one by one, then one statement for the other results, the cursor and the change
 *    log, sent with the COMMIT. No savepoints: a batch in which anything is refused is redone
 *    on the general path, which takes one per mutation; the usual batch, where nothing is,
 *    saves a round trip per write. The connection is pipelined (headoffice/db/pipelinedSession.ts):
 *    each write's last statement goes out with the next write's first read
 *    (headoffice/sync/pipelinedMutation.ts), one round trip for the two.
 *
 * Same answers, rows and change log as one-by-one (headoffice/pushMixed.test.ts). Anything that
 * is not a plain next batch — a resend, a gap, another device's client, a stored mutation id or
 * visit id, a refusal, a value PostgreSQL refuses — rolls back and answers null; the caller then
 * takes the general path, which has the answer for every case.
 */
export interface MixedPush {
  req: PushRequest;
  session: PipelinedSession;
  /** The batch positions of the visits inserted early. */
  visitAt: ReadonlySet<number>;
  /** Its transaction is over and its connection given back. */
  ended?: boolean;
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
  const session = await openPipelinedSession(db);
  if (!session) return null;
  try {
    // A new client's row, committed on its own first (all three statements go out together): the
    // batch a desk sends right behind its first one would otherwise wait in its own step 1 for
    // the first batch's whole transaction to end (push_mixed_start meets its uncommitted row),
    // instead of overlapping its turn. An existing row is only read. A client row with nothing
    // processed yet changes no answer: every path takes the row as it finds it.
    const made = session.send(
      sql`INSERT INTO sync_client (client_id, device_id, branch_id, last_seq) SELECT ${req.clientId}, ${device.deviceId}, ${device.branchId}, 0
        WHERE NOT EXISTS (SELECT 1 FROM sync_client WHERE client_id = ${req.clientId}) ON CONFLICT (client_id) DO NOTHING`.compile(session.db),
    );
    made.catch(() => undefined); // on failure push_mixed_start makes the row, as before
    const begun = session.send(sql`BEGIN`.compile(session.db));
    begun.catch(() => undefined); // its failure fails the statement after it
    const { rows } = await sql<{ inserted: number }>`
      SELECT push_mixed_start(${device.branchId}, ${device.deviceId}, ${req.clientId}, ${JSON.stringify(plan.rows)}, ${JSON.stringify(stored)},
        ${req.mutations.map((m) => m.mutationId)}::text[]) AS inserted`.execute(session.db);
    if (Number(rows[0]?.inserted) !== plan.rows.length) {
      await rollBack(session);
      return null;
    }
    return { req, session, visitAt: new Set(plan.at) };
  } catch {
    // A visit id already stored, a value PostgreSQL refuses, or the database is unreachable: the general path answers (or fails) as usual.
    await rollBack(session);
    return null;
  }
}

/** Rolls the session's transaction back and gives its connection back (closed when even that fails). */
async function rollBack(session: PipelinedSession): Promise<void> {
  try {
    // Statements still on the wire (a mutation's answer being handled) come before the end.
    await session.idle();
    await sql`ROLLBACK`.execute(session.db);
    await session.idle();
    session.release();
  } catch {
    session.release(true);
  }
}

/** Gives up a step 1 that will not be finished (the request failed before its turn). */
export async function abandonMixedPush(mixed: MixedPush): Promise<void> {
  if (!mixed.ended) {
    mixed.ended = true;
    await rollBack(mixed.session);
  }
}

/** Step 2. Null after a rollback when the batch turns out not to be a plain next one. */
export async function finishMixedPush(mixed: MixedPush, device: AuthedDevice, options: PushOptions): Promise<PushOutcome | null> {
  const { req, session, visitAt: early } = mixed;
  const alerts: string[] = [];
  const first = req.mutations[0]!.seq;
  const lastSeq = first + req.mutations.length - 1;
  const end = async () => {
    mixed.ended = true;
    await rollBack(session);
  };
  let committed = false;
  try {
    // The client row's lock goes out with the first write's read; checked before anything is
    // committed (a batch that is not this device's plain next one is rolled back whole).
    const locked = session.send(lockClientQuery(device, req.clientId).compile(session.db));
    locked.catch(() => undefined); // its failure fails every statement after it
    const others = await runMutationsPipelined(session, device, req.mutations.filter((_, at) => !early.has(at)));
    const results: MutationResult[] = [];
    /** Per batch position: a visit inserted early, or another write's changes (once its last statement is back). */
    const emitted: (Promise<PendingChange[]> | 'visit')[] = [];
    const stored: ReturnType<typeof storedMutationJson>[] = [];
    let next = 0;
    for (const [at, m] of req.mutations.entries()) {
      if (early.has(at)) {
        results.push({ seq: m.seq, mutationId: m.mutationId, status: 'applied' });
        emitted.push('visit');
        continue;
      }
      const run = others[next++]!;
      results.push(run.result);
      stored.push(storedMutationJson(m, run.result));
      emitted.push(run.changes);
      alerts.push(...run.alerts);
    }
    const [client] = await locked;
    if (!client || client.device_id !== device.deviceId || Number(client.last_seq) + 1 !== first) {
      await Promise.allSettled(emitted.filter((e) => e !== 'visit'));
      await end();
      return null;
    }
    // Numbered in batch order once every write's changes are in; the visits' entries at their places.
    const visitAt: number[] = [];
    const changes: (PendingChange & { i: number })[] = [];
    let ordinal = 0;
    for (const e of emitted) {
      if (e === 'visit') visitAt.push(ordinal++);
      else for (const c of await e) changes.push({ ...c, i: ordinal++ });
    }
    await tailAndCommit(session, {
      client: req.clientId,
      last_seq: String(lastSeq),
      scope: branchScope(device.branchId),
      visit_at: `{${visitAt.join(',')}}`,
      stored: JSON.stringify(stored),
      changes: JSON.stringify(changes.map((c) => ({ scope: c.scope, i: c.i, table_name: c.table, pk: c.pk, op: c.op, row: c.row, version: c.version }))),
    });
    committed = true;
    mixed.ended = true;
    await session.idle();
    session.release();
    for (const message of alerts) options.alert?.(message, device);
    return { status: 200, body: { results, lastSeq } };
  } catch (e) {
    if (!mixed.ended) await end();
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
 * sent together carry none; on the pipelined connection the settings go out with them.
 */
async function tailAndCommit(session: PipelinedSession, v: Record<'client' | 'last_seq' | 'scope' | 'visit_at' | 'stored' | 'changes', string>): Promise<void> {
  const trx = session.db;
  const settings = session.send(sql`SELECT set_config('kiosk.tail_client', ${v.client}, true), set_config('kiosk.tail_last_seq', ${v.last_seq}, true),
    set_config('kiosk.tail_scope', ${v.scope}, true), set_config('kiosk.tail_visit_at', ${v.visit_at}, true),
    set_config('kiosk.tail_stored', ${v.stored}, true), set_config('kiosk.tail_changes', ${v.changes}, true)`.compile(trx));
  settings.catch(() => undefined); // its failure fails the statement after it, which throws
  await sql
    .raw(
      `SELECT push_mixed_finish(current_setting('kiosk.tail_client'), current_setting('kiosk.tail_last_seq')::bigint, current_setting('kiosk.tail_scope'),
        current_setting('kiosk.tail_visit_at')::integer[], current_setting('kiosk.tail_stored')::jsonb, current_setting('kiosk.tail_changes')::jsonb);
      COMMIT`,
    )
    .execute(trx);
  await settings;
}
