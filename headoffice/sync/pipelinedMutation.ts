import type { Transaction } from 'kysely';
import type { MutationResult, PushMutation } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { PipelinedSession } from '../db/pipelinedSession';
import type { HqDB } from '../db/schema';
import { HANDLERS, type PendingChange } from './handlers';
import { refusedBeforeItsHandler } from './pushSteps';
import { RedoWithSavepoints } from './savepoints';
import { deviceScopes } from './scopes';

/** A mutation run in a pipelined turn: its answer if all goes well, and its changes once its last statement is back. */
interface PipelinedMutation {
  result: MutationResult;
  /** Rejects with RedoWithSavepoints (or the statement's error) when the push must be redone on the general path. */
  changes: Promise<PendingChange[]>;
}

/**
 * runMutation (pushSteps.ts) for a mixed push's turn (pushMixed.ts): no savepoint, and the
 * handler's last statement (HandlerContext.finish) sent without waiting for it, so the next
 * mutation's first read follows it on the wire. Anything short of applying — a refusal, a
 * failed statement, a change for another branch's log — rejects `changes` (or throws), and the
 * caller redoes the push on the general path, which gives each mutation its own answer.
 */
async function runMutationPipelined(session: PipelinedSession, device: AuthedDevice, m: PushMutation, alert: (msg: string) => void): Promise<PipelinedMutation> {
  // Refused before anything is written: stored as refused, as runMutation answers.
  const refused = refusedBeforeItsHandler(m);
  if (refused) return { result: refused, changes: Promise.resolve([]) };
  const handler = HANDLERS[m.name]!;
  const mine: PendingChange[] = [];
  const last: Promise<void>[] = [];
  try {
    await handler.run(
      {
        // Handlers only send queries through it: the session's own Kysely, inside the push's transaction.
        trx: session.db as unknown as Transaction<HqDB>,
        device,
        emit: (c) => mine.push(c),
        alert,
        finish: (query, then) => {
          last.push(session.send(query).then(then));
          return Promise.resolve();
        },
      },
      m.args,
      m,
    );
  } catch (e) {
    // Its statements may have been half done, and there is no savepoint to undo them.
    await Promise.allSettled(last);
    throw new RedoWithSavepoints(`${m.name} at seq ${m.seq} needs the general path`, { cause: e });
  }
  const ownScopes = new Set(deviceScopes(device));
  const changes = Promise.all(last).then(
    () => {
      if (mine.some((c) => !ownScopes.has(c.scope))) throw new RedoWithSavepoints(`${m.name} at seq ${m.seq} emitted a change for another branch's log`);
      return mine;
    },
    (e: unknown) => {
      throw new RedoWithSavepoints(`${m.name} at seq ${m.seq} needs the general path`, { cause: e });
    },
  );
  // Awaited by the caller before anything is committed; never an unhandled rejection meanwhile.
  changes.catch(() => undefined);
  return { result: { seq: m.seq, mutationId: m.mutationId, status: 'applied' }, changes };
}

/** runMutationPipelined's outcome with the alerts the mutation raised. */
export type PipelinedRun = PipelinedMutation & { alerts: string[] };

/**
 * A batch's other writes in a pipelined turn, interleaved where their keys allow
 * (MutationHandler.touches): a mutation starts once every earlier one sharing a key with it has
 * sent its last statement, so its first read goes out together with theirs and with those of
 * the mutations between that share nothing with it; a mutation without keys starts after all
 * before it, and all after it wait for it. The database sees every statement of a key in batch
 * order, which is all one-by-one's outcome depends on (headoffice/pushMixed.test.ts holds them
 * equal). Throws, once every mutation has sent what it will, when any needs the general path.
 */
export async function runMutationsPipelined(session: PipelinedSession, device: AuthedDevice, mutations: readonly PushMutation[]): Promise<PipelinedRun[]> {
  /** Per mutation: settled once it has sent its statements (or failed). */
  const sent: Promise<void>[] = [];
  const lastOfKey = new Map<string, Promise<void>>();
  let lastAlone: Promise<void> = Promise.resolve();
  const runs = mutations.map((m) => {
    const keys = HANDLERS[m.name]?.touches?.(m.args) ?? null;
    const after = keys === null ? [...sent] : [lastAlone, ...keys.flatMap((k) => lastOfKey.get(k) ?? [])];
    const alerts: string[] = [];
    const run = Promise.all(after)
      .then(() => runMutationPipelined(session, device, m, (message) => alerts.push(message)))
      .then((r): PipelinedRun => ({ ...r, alerts }));
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    sent.push(done);
    if (keys === null) lastAlone = done;
    else for (const k of keys) lastOfKey.set(k, done);
    return run;
  });
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    // What the others sent is answered, and their answers handled, before the caller rolls back.
    await Promise.allSettled(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.changes] : [])));
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<PipelinedRun>).value);
}
