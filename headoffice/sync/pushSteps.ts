import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { MutationResult, PushMutation, PushResponse, SyncErrorBody } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import { OTHER_BRANCH_WRITE } from '../db/branchWallSql';
import { PUSH_LOCK_TIMEOUT } from '../db/pushMixedSql';
import type { HqDB } from '../db/schema';
import { HANDLERS, MutationRejected, type PendingChange } from './handlers';
import { MutationSavepoints } from './savepoints';
import { deviceScopes } from './scopes';

/** The steps both ways of applying a push share (headoffice/sync/push.ts). */

/** An answer as head office's logic gives it; the route stamps `serverTime` from its own clock. */
export type WithoutServerTime<T> = T extends unknown ? Omit<T, 'serverTime'> : never;

export type PushOutcome = { status: 200; body: WithoutServerTime<PushResponse> } | { status: 403 | 409; body: SyncErrorBody };

export interface PushOptions {
  /** Security events (ownership violations, a client id used by another device). */
  alert?: (message: string, device: AuthedDevice) => void;
  /** Tests only: runs after the handlers, before the change-log seqs are taken (commit-order races). */
  beforeChangeLog?: () => Promise<void>;
  /**
   * false: every mutation in its own savepoint, one by one (the reference the bulk path is
   * tested against, and what a batch falls back to). Default true.
   */
  bulk?: boolean;
}

export const FORBIDDEN_CLIENT: PushOutcome = { status: 403, body: { code: 'FORBIDDEN', message: 'this client id belongs to another device' } };

/** PostgreSQL error classes that no retry can fix: data exceptions (22) and integrity (23). */
export function isPermanentDbError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/** Migration 5's check refused a write of another branch's rows (headoffice/db/branchWallSql.ts). */
export function isOtherBranchWrite(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === OTHER_BRANCH_WRITE;
}

/** The push's acting branch for migration 5's check, and its lock timeout (PUSH_LOCK_TIMEOUT), until its transaction ends. */
export async function setActingBranch(trx: Transaction<HqDB>, branchId: string): Promise<void> {
  await sql`SELECT set_config('kiosk.acting_branch', ${branchId}, true), set_config('lock_timeout', ${PUSH_LOCK_TIMEOUT}, true)`.execute(trx);
}

export function rejectedResult(m: PushMutation, e: MutationRejected): MutationResult {
  return { seq: m.seq, mutationId: m.mutationId, status: 'rejected', error: { code: e.code, message: e.message, ...(e.winner ? { winner: e.winner } : {}) } };
}

const OTHER_BRANCH_REFUSAL = 'this device can only write its own branch’s records';

/** A mutation no handler takes (an unknown name or version): its refusal, before anything is written; null otherwise. */
export function refusedBeforeItsHandler(m: PushMutation): MutationResult | null {
  const base = { seq: m.seq, mutationId: m.mutationId };
  const handler = HANDLERS[m.name];
  if (!handler) return { ...base, status: 'rejected', error: { code: 'UNKNOWN_MUTATION', message: `unknown mutation ${m.name}` } };
  if (!handler.versions.includes(m.version)) return { ...base, status: 'rejected', error: { code: 'VALIDATION', message: `${m.name} version ${m.version} is not supported` } };
  return null;
}

/** A mutation that can fail mid-way: in its own savepoint (MutationSavepoints), so a refusal undoes only itself. */
export async function runMutation(
  trx: Transaction<HqDB>,
  device: AuthedDevice,
  m: PushMutation,
  changes: PendingChange[],
  alert: (msg: string) => void,
  savepoints = new MutationSavepoints(trx, false),
): Promise<MutationResult> {
  const base = { seq: m.seq, mutationId: m.mutationId };
  const refused = refusedBeforeItsHandler(m);
  if (refused) return refused;
  const handler = HANDLERS[m.name]!;
  await savepoints.take();
  const mine: PendingChange[] = [];
  const ownScopes = new Set(deviceScopes(device));
  try {
    await handler.run({ trx, device, emit: (c) => mine.push(c), alert, finish: async (query, then) => then((await trx.executeQuery(query)).rows) }, m.args, m);
    // A change for another branch's log would only fail the push at the end (migration 5's
    // check on change_log), blocking the desk's queue: refused here, as its own mutation.
    const foreign = mine.find((c) => !ownScopes.has(c.scope));
    if (foreign) {
      alert(`${m.name} at seq ${m.seq} emitted a change for another branch's log (${foreign.scope}); refused`);
      throw new MutationRejected('FORBIDDEN', OTHER_BRANCH_REFUSAL);
    }
    await savepoints.keep();
    changes.push(...mine);
    return { ...base, status: 'applied' };
  } catch (e) {
    await savepoints.undo();
    if (e instanceof MutationRejected) return rejectedResult(m, e);
    if (isOtherBranchWrite(e)) {
      // The handlers' own rules should have refused it first: the database caught what they missed.
      alert(`${m.name} at seq ${m.seq} wrote rows of another branch; refused by the database`);
      return rejectedResult(m, new MutationRejected('FORBIDDEN', OTHER_BRANCH_REFUSAL));
    }
    if (isPermanentDbError(e)) return { ...base, status: 'rejected', error: { code: 'CONFLICT', message: (e as Error).message } };
    throw e; // transient: the whole batch rolls back and the route answers 503
  }
}

/** A stored sync_mutation row with the device and branch of its client. */
export interface StoredElsewhere {
  client_id: string;
  args_hash: string;
  result: unknown;
  device_id: string;
  branch_id: string;
}

/**
 * A mutation id already stored under another client, with the same content, of this device
 * (an older client epoch) or of its branch (the PC before a re-enrollment made it a new device,
 * whose answer was lost on the way): its stored result stands, and nothing is written again.
 * Otherwise it is refused, without a stored row (the id is unique), and the same answer is
 * recomputed on a replay. Null: not stored elsewhere.
 */
export function resultElsewhere(other: StoredElsewhere | undefined, device: AuthedDevice, clientId: string, m: PushMutation): MutationResult | null {
  if (!other || other.client_id === clientId) return null;
  const base = { seq: m.seq, mutationId: m.mutationId };
  if ((other.device_id === device.deviceId || other.branch_id === device.branchId) && other.args_hash === m.argsHash) {
    const stored = other.result as MutationResult;
    return { ...base, status: stored.status, ...(stored.error ? { error: stored.error } : {}) };
  }
  return { ...base, status: 'rejected', error: { code: 'CONFLICT', message: 'mutation id already used by another client' } };
}

/** The client's own stored sync_mutation row at a seq. */
export interface StoredAtSeq {
  mutation_id: string;
  args_hash: string;
  result: unknown;
}

export type SequencePlace = { kind: 'resent'; result: MutationResult } | { kind: 'next' } | { kind: 'stop'; error: SyncErrorBody };

/**
 * Where a mutation stands against the client's last processed seq (SYNC.md "Head-office side"):
 * sent before (its stored result, or the one it got under another client of this device — other
 * content is CLIENT_DIVERGED), the next to run, or after a gap (OUT_OF_ORDER). The lookups are
 * only made for a mutation sent before.
 */
export async function placeInSequence(
  m: PushMutation,
  lastSeq: number,
  lookup: { stored: () => StoredAtSeq | undefined | Promise<StoredAtSeq | undefined>; elsewhere: () => MutationResult | null | Promise<MutationResult | null> },
): Promise<SequencePlace> {
  if (m.seq <= lastSeq) {
    const stored = await lookup.stored();
    const same = stored ? stored.mutation_id === m.mutationId && stored.args_hash === m.argsHash : false;
    const result = stored ? (same ? (stored.result as MutationResult) : null) : await lookup.elsewhere();
    return result ? { kind: 'resent', result } : { kind: 'stop', error: { code: 'CLIENT_DIVERGED', message: `seq ${m.seq} was processed with other content` } };
  }
  if (m.seq !== lastSeq + 1) return { kind: 'stop', error: { code: 'OUT_OF_ORDER', message: `expected seq ${lastSeq + 1}, got ${m.seq}`, expectedSeq: lastSeq + 1 } };
  return { kind: 'next' };
}

/**
 * The stored rows (with their client's device) of these mutation ids, by mutation id. The ids
 * go as one array parameter (`= ANY`), not one parameter each: a batch of 500 is one small
 * statement to parse and plan.
 */
export async function storedByMutationId(trx: Transaction<HqDB>, mutationIds: readonly string[]): Promise<Map<string, StoredElsewhere>> {
  if (mutationIds.length === 0) return new Map();
  const { rows } = await sql<StoredElsewhere & { mutation_id: string }>`
    SELECT m.mutation_id, m.client_id, m.args_hash, m.result, c.device_id, c.branch_id
    FROM sync_mutation m JOIN sync_client c ON c.client_id = m.client_id
    WHERE m.mutation_id = ANY(${mutationIds}::text[])`.execute(trx);
  return new Map(rows.map((r) => [r.mutation_id, r]));
}

export function syncMutationRow(clientId: string, m: PushMutation, result: MutationResult): Insertable<HqDB['sync_mutation']> {
  return {
    client_id: clientId, seq: m.seq, mutation_id: m.mutationId, name: m.name, version: m.version, args_hash: m.argsHash,
    status: result.status, result: JSON.stringify(result), hlc: m.hlc, device_time: m.deviceTime,
  };
}

/** A sync_mutation row (less the client) as a JSON object for jsonb_to_recordset. */
export function storedMutationJson(m: PushMutation, result: MutationResult) {
  return { seq: m.seq, mutation_id: m.mutationId, name: m.name, version: m.version, args_hash: m.argsHash, status: result.status, result, hlc: m.hlc, device_time: m.deviceTime };
}

/**
 * A batch's sync_mutation rows and the client's new last_seq in one statement, the rows as one
 * JSON array parameter (10 parameters a row would make 5,000 for a full batch).
 */
export async function storeMutations(trx: Transaction<HqDB>, clientId: string, lastSeq: number, stored: readonly { m: PushMutation; result: MutationResult }[]): Promise<void> {
  const rows = JSON.stringify(stored.map(({ m, result }) => storedMutationJson(m, result)));
  await sql`
    WITH advanced AS (UPDATE sync_client SET last_seq = ${lastSeq} WHERE client_id = ${clientId})
    INSERT INTO sync_mutation (client_id, seq, mutation_id, name, version, args_hash, status, result, hlc, device_time)
    SELECT ${clientId}, s.seq, s.mutation_id, s.name, s.version, s.args_hash, s.status, s.result, s.hlc, s.device_time
    FROM jsonb_to_recordset(${rows}::jsonb)
      AS s(seq bigint, mutation_id text, name text, version integer, args_hash text, status text, result jsonb, hlc text, device_time timestamptz)`.execute(trx);
}

/** A scope's changes as one JSON array for jsonb_to_recordset, `i` their order of emission. */
function changeEntries(list: readonly PendingChange[]): string {
  return JSON.stringify(list.map((c, i) => ({ i, table_name: c.table, pk: c.pk, op: c.op, row: c.row, version: c.version })));
}

/**
 * Takes the scopes' seqs at the end of the transaction, scopes in a fixed (sorted) order. Each
 * scope is one statement: the upsert of its counter (whose row lock, held until COMMIT, makes
 * seq order commit order) and the INSERT of its changes together, so the lock waits for one
 * round trip and the COMMIT, not three. Values are bound parameters (SECURITY.md "Head-office
 * API"); the changes travel as one JSON array, numbered in emit order.
 */
export async function appendChanges(trx: Transaction<HqDB>, changes: readonly PendingChange[], commitWithLast = false): Promise<boolean> {
  const byScope = new Map<string, PendingChange[]>();
  for (const c of changes) {
    const list = byScope.get(c.scope) ?? [];
    list.push(c);
    byScope.set(c.scope, list);
  }
  const scopes = [...byScope.keys()].sort();
  for (const [k, scope] of scopes.entries()) {
    const list = byScope.get(scope)!;
    if (commitWithLast && k === scopes.length - 1) {
      await appendLastScopeAndCommit(trx, scope, list);
      return true;
    }
    const entries = changeEntries(list);
    await sql`
      WITH counter AS (
        INSERT INTO sync_scope (scope, last_seq) VALUES (${scope}, ${list.length})
        ON CONFLICT (scope) DO UPDATE SET last_seq = sync_scope.last_seq + excluded.last_seq
        RETURNING last_seq)
      INSERT INTO change_log (scope, seq, tx_last_seq, table_name, pk, op, row, version)
      SELECT ${scope}, counter.last_seq - ${list.length} + 1 + c.i, counter.last_seq, c.table_name, c.pk, c.op, c.row, c.version
      FROM counter, jsonb_to_recordset(${entries}::jsonb) AS c(i int, table_name text, pk text, op text, row jsonb, version int)`.execute(trx);
  }
  return false;
}

/**
 * Whether this database takes several statements in one round trip (node-postgres sends a query
 * without parameters as a simple query; PGlite's pool runs one statement per query). Asked once
 * per Kysely instance, outside any transaction.
 */
const multiStatement = new WeakMap<Kysely<HqDB>, Promise<boolean>>();
export function takesMultiStatement(db: Kysely<HqDB>): Promise<boolean> {
  let known = multiStatement.get(db);
  if (!known) {
    known = sql.raw('SELECT 1; SELECT 2').execute(db).then(() => true, () => false);
    multiStatement.set(db, known);
  }
  return known;
}

/**
 * The last scope's append and the COMMIT in one round trip: the scope's row lock is then held
 * for the statement and the commit's WAL flush only, not also for a trip back to Node (which,
 * with many pushes in flight, waits its turn in the event loop while every other push of the
 * branch waits for the lock). The changes go first into transaction-local settings as bound
 * parameters, so the two statements sent together carry no value. "BEGIN" after the COMMIT
 * gives the transaction object an empty transaction to close as usual.
 */
export async function appendLastScopeAndCommit(trx: Transaction<HqDB>, scope: string, list: readonly PendingChange[]): Promise<void> {
  const entries = changeEntries(list);
  await sql`SELECT set_config('kiosk.push_scope', ${scope}, true), set_config('kiosk.push_changes', ${entries}, true)`.execute(trx);
  await sql
    .raw(
      `WITH c AS (
        SELECT * FROM jsonb_to_recordset(current_setting('kiosk.push_changes')::jsonb) AS c(i int, table_name text, pk text, op text, row jsonb, version int)),
      counter AS (
        INSERT INTO sync_scope (scope, last_seq) VALUES (current_setting('kiosk.push_scope'), (SELECT count(*) FROM c))
        ON CONFLICT (scope) DO UPDATE SET last_seq = sync_scope.last_seq + excluded.last_seq
        RETURNING last_seq)
      INSERT INTO change_log (scope, seq, tx_last_seq, table_name, pk, op, row, version)
      SELECT current_setting('kiosk.push_scope'), counter.last_seq - (SELECT count(*) FROM c) + 1 + c.i, counter.last_seq, c.table_name, c.pk, c.op, c.row, c.version
      FROM counter, c;
      COMMIT;
      BEGIN`,
    )
    .execute(trx);
}
