import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { MutationResult, PushMutation, PushRequest, PushResponse, SyncErrorBody } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import { HANDLERS, MutationRejected, type PendingChange } from './handlers';

export type PushOutcome = { status: 200; body: PushResponse } | { status: 403 | 409; body: SyncErrorBody };

export interface PushOptions {
  /** Security events (ownership violations, a client id used by another device). */
  alert?: (message: string, device: AuthedDevice) => void;
  /** Tests only: runs after the handlers, before the change-log seqs are taken (commit-order races). */
  beforeChangeLog?: () => Promise<void>;
}

/** PostgreSQL error classes that no retry can fix: data exceptions (22) and integrity (23). */
function isPermanentDbError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

async function runMutation(trx: ControlledTransaction<HqDB>, device: AuthedDevice, m: PushMutation, changes: PendingChange[], alert: (msg: string) => void): Promise<MutationResult> {
  const base = { seq: m.seq, mutationId: m.mutationId };
  const handler = HANDLERS[m.name];
  if (!handler) return { ...base, status: 'rejected', error: { code: 'UNKNOWN_MUTATION', message: `unknown mutation ${m.name}` } };
  if (!handler.versions.includes(m.version)) return { ...base, status: 'rejected', error: { code: 'VALIDATION', message: `${m.name} version ${m.version} is not supported` } };
  const sp = await trx.savepoint('mutation').execute();
  const mine: PendingChange[] = [];
  try {
    await handler.run({ trx: sp, device, emit: (c) => mine.push(c), alert }, m.args, m);
    await sp.releaseSavepoint('mutation').execute();
    changes.push(...mine);
    return { ...base, status: 'applied' };
  } catch (e) {
    await sp.rollbackToSavepoint('mutation').execute();
    if (e instanceof MutationRejected) return { ...base, status: 'rejected', error: { code: e.code, message: e.message, ...(e.winner ? { winner: e.winner } : {}) } };
    if (isPermanentDbError(e)) return { ...base, status: 'rejected', error: { code: 'CONFLICT', message: (e as Error).message } };
    throw e; // transient: the whole batch rolls back and the route answers 503
  }
}

/**
 * A mutation id already stored under another client (an older client epoch of the same device):
 * its stored result stands. Under another device's client it is refused, without a stored row
 * (the id is unique), and the same answer is recomputed on a replay.
 */
async function resultElsewhere(trx: Transaction<HqDB>, device: AuthedDevice, clientId: string, m: PushMutation): Promise<MutationResult | null> {
  const other = await trx
    .selectFrom('sync_mutation')
    .innerJoin('sync_client', 'sync_client.client_id', 'sync_mutation.client_id')
    .select(['sync_mutation.client_id', 'sync_mutation.args_hash', 'sync_mutation.result', 'sync_client.device_id'])
    .where('sync_mutation.mutation_id', '=', m.mutationId)
    .executeTakeFirst();
  if (!other || other.client_id === clientId) return null;
  const base = { seq: m.seq, mutationId: m.mutationId };
  if (other.device_id === device.deviceId && other.args_hash === m.argsHash) {
    const stored = other.result as MutationResult;
    return { ...base, status: stored.status, ...(stored.error ? { error: stored.error } : {}) };
  }
  return { ...base, status: 'rejected', error: { code: 'CONFLICT', message: 'mutation id already used by another client' } };
}

/** Takes the scopes' seqs at the end of the transaction, scopes in a fixed (sorted) order. */
async function appendChanges(trx: Transaction<HqDB>, changes: PendingChange[]): Promise<void> {
  const byScope = new Map<string, PendingChange[]>();
  for (const c of changes) {
    const list = byScope.get(c.scope) ?? [];
    list.push(c);
    byScope.set(c.scope, list);
  }
  for (const scope of [...byScope.keys()].sort()) {
    const list = byScope.get(scope)!;
    await trx.insertInto('sync_scope').values({ scope, last_seq: 0 }).onConflict((oc) => oc.column('scope').doNothing()).execute();
    const { last_seq } = await trx
      .updateTable('sync_scope')
      .set((eb) => ({ last_seq: eb('last_seq', '+', list.length) }))
      .where('scope', '=', scope)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const last = Number(last_seq);
    const first = last - list.length + 1;
    await trx
      .insertInto('change_log')
      .values(list.map((c, i) => ({ scope, seq: first + i, tx_last_seq: last, table_name: c.table, pk: c.pk, op: c.op, row: c.row === null ? null : JSON.stringify(c.row), version: c.version })))
      .execute();
  }
}

/**
 * One push batch, one transaction (SYNC.md "Head-office side"). A 409 (diverged, out of order)
 * still commits the mutations before the offending one, so the client's resend of them gets
 * their stored results and the batch after the gap can follow.
 */
export async function applyPush(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest, options: PushOptions = {}): Promise<PushOutcome> {
  const alert = (message: string) => options.alert?.(message, device);
  const trx = await db.startTransaction().execute();
  try {
    await trx
      .insertInto('sync_client')
      .values({ client_id: req.clientId, device_id: device.deviceId, branch_id: device.branchId, last_seq: 0 })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute();
    const client = await trx.selectFrom('sync_client').selectAll().where('client_id', '=', req.clientId).forUpdate().executeTakeFirstOrThrow();
    if (client.device_id !== device.deviceId) {
      await trx.rollback().execute();
      alert(`client id ${req.clientId} belongs to another device`);
      return { status: 403, body: { code: 'FORBIDDEN', message: 'this client id belongs to another device' } };
    }
    let lastSeq = Number(client.last_seq);
    const results: MutationResult[] = [];
    const changes: PendingChange[] = [];
    let error: SyncErrorBody | null = null;
    for (const m of req.mutations) {
      if (m.seq <= lastSeq) {
        const stored = await trx.selectFrom('sync_mutation').select(['mutation_id', 'args_hash', 'result']).where('client_id', '=', req.clientId).where('seq', '=', m.seq).executeTakeFirst();
        const same = stored ? stored.mutation_id === m.mutationId && stored.args_hash === m.argsHash : false;
        const result = stored ? (same ? (stored.result as MutationResult) : null) : await resultElsewhere(trx, device, req.clientId, m);
        if (!result) {
          error = { code: 'CLIENT_DIVERGED', message: `seq ${m.seq} was processed with other content` };
          break;
        }
        results.push(result);
        continue;
      }
      if (m.seq !== lastSeq + 1) {
        error = { code: 'OUT_OF_ORDER', message: `expected seq ${lastSeq + 1}, got ${m.seq}`, expectedSeq: lastSeq + 1 };
        break;
      }
      const elsewhere = await resultElsewhere(trx, device, req.clientId, m);
      const result = elsewhere ?? (await runMutation(trx, device, m, changes, alert));
      if (!elsewhere) {
        await trx
          .insertInto('sync_mutation')
          .values({
            client_id: req.clientId, seq: m.seq, mutation_id: m.mutationId, name: m.name, version: m.version, args_hash: m.argsHash,
            status: result.status, result: JSON.stringify(result), hlc: m.hlc, device_time: m.deviceTime,
          })
          .execute();
      }
      results.push(result);
      lastSeq = m.seq;
    }
    if (lastSeq !== Number(client.last_seq)) await trx.updateTable('sync_client').set({ last_seq: lastSeq }).where('client_id', '=', req.clientId).execute();
    if (options.beforeChangeLog) await options.beforeChangeLog();
    await appendChanges(trx, changes);
    await trx.commit().execute();
    if (error) return { status: 409, body: error };
    return { status: 200, body: { results, lastSeq, serverTime: new Date().toISOString() } };
  } catch (e) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    throw e;
  }
}
