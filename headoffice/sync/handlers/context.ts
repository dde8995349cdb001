import type { Compilable, Transaction } from 'kysely';
import { z } from 'zod';
import type { ReplicatedTableName } from '../../../core/sync/replicated';
import type { PushMutation } from '../../../core/sync/protocol';
import type { AuthedDevice } from '../../auth/signature';
import type { HqDB } from '../../db/schema';
import type { PendingChange } from '../changeLog';
import { toKioskRow } from '../kioskRows';

export type { PendingChange } from '../changeLog';

export interface HandlerContext {
  trx: Transaction<HqDB>;
  device: AuthedDevice;
  emit(change: PendingChange): void;
  /** A permanent refusal that is also a security event (ownership violated). */
  alert(message: string): void;
  /**
   * The mutation's last statement, and what follows from its rows (emits, a refusal). On the
   * general path it is awaited here. In a mixed push's turn (headoffice/sync/pushMixed.ts) it is
   * sent at once and `then` runs when its rows arrive, while the next mutation is already being
   * read: a refusal there (or a failed statement) has the push redone on the general path.
   * So nothing may follow it in `run`, and `then` must not depend on anything done after it.
   */
  finish<O>(query: Compilable<O>, then: (rows: O[]) => void | Promise<void>): Promise<void>;
}

/** A permanent failure: stored as `rejected`, last_seq still advances (SYNC.md). */
export class MutationRejected extends Error {
  constructor(
    readonly code: 'VALIDATION' | 'FORBIDDEN' | 'CONFLICT' | 'UNKNOWN_MUTATION',
    message: string,
    readonly winner?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface MutationHandler {
  /** The mutation versions this handler accepts (older ones are upcast inside `run`). */
  versions: readonly number[];
  run(ctx: HandlerContext, args: Record<string, unknown>, m: PushMutation): Promise<void>;
  /**
   * Optional: the same mutation for a run of consecutive ones at once (append-only facts), with
   * exactly the stored effects, results and changes `run` gives one by one. It writes nothing a
   * permanent refusal would have to undo, so it needs no savepoint; a statement failing for a
   * data reason throws and the push redoes the batch one savepoint per mutation. Runs of two
   * bulk-capable names between the same two other mutations may apply in either order: a bulk
   * hook touches only rows no other bulk-capable mutation touches (its own fact table).
   */
  bulk?(ctx: BulkContext, items: readonly PushMutation[]): Promise<BulkOutcome[]>;
  /**
   * Optional: keys naming what this mutation reads, locks or writes that another mutation of
   * the same batch may also touch (`membership:<id>`; a whole area as one key, `card`). In a
   * mixed push's turn (headoffice/sync/pushMixed.ts), mutations whose keys are all different run
   * interleaved — their reads go out together — and those sharing a key in batch order. Null,
   * or no `touches`: the mutation runs alone, after everything before it and before everything
   * after. The keys must cover every row it reads and every unique value it writes whose order
   * against another mutation could change an outcome without a refusal (a refusal, or a failed
   * statement, has the batch redone one by one anyway).
   */
  touches?(args: Record<string, unknown>): string[] | null;
  /**
   * Optional, with `bulk`: true for a mutation name whose handler neither reads nor writes
   * anything this one's bulk hook does, so a waiting run may be applied after it rather than
   * before (one statement per batch instead of one per stretch between such mutations). The
   * results, rows and change-log order stay those of one by one (headoffice/pushBulk.test.ts).
   */
  commutesWith?(name: string): boolean;
}

/** What a bulk hook may use: no `emit`, each item's changes come back in its outcome. */
export type BulkContext = Omit<HandlerContext, 'emit' | 'finish'>;

/** One item of a bulk run: applied with its changes, or refused (stored as `rejected`). */
export type BulkOutcome = { changes: PendingChange[]; rejected?: undefined } | { rejected: MutationRejected; changes?: undefined };

export const id = z.string().min(1).max(64);
export const instant = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const staffId = id.nullable();
export const zeroOne = z.union([z.literal(0), z.literal(1)]);
/** Free text typed at the desk (notes, reasons); personal values are nulled by an erasure. */
export const text = (max: number) => z.string().max(max);

export function parse<T>(schema: z.ZodType<T>, args: unknown): T {
  const r = schema.safeParse(args);
  if (!r.success) throw new MutationRejected('VALIDATION', r.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * Ownership: branch identity comes from the device record only. A payload naming another
 * branch is refused and alerted, never silently moved (SYNC.md "Identity and authority").
 */
export function requireOwnBranch(ctx: Pick<HandlerContext, 'device' | 'alert'>, claimed: string, what: string): void {
  if (claimed === ctx.device.branchId) return;
  ctx.alert(`${what} claims branch ${claimed}`);
  throw new MutationRejected('FORBIDDEN', `${what} can only be written for the pushing device’s branch`);
}

/** The one row a statement that must touch a row answers with (executeTakeFirstOrThrow for HandlerContext.finish). */
export function theRow<O>(rows: readonly O[]): O {
  if (rows.length === 0) throw new Error('the statement touched no row');
  return rows[0]!;
}

/** Emits a replicated row in the kiosk's shape (sealed columns never go into it) with its version. */
export function emitRow(ctx: HandlerContext, scope: string, table: ReplicatedTableName, row: Record<string, unknown> & { id: string; version: number }): void {
  ctx.emit({ scope, table, pk: row.id, op: 'upsert', row: toKioskRow(table, row), version: Number(row.version) });
}
