import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { PushMutation } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';

/** A change a handler made, given its seq when the push transaction ends. */
export interface PendingChange {
  scope: string;
  table: string;
  pk: string;
  op: 'upsert' | 'delete';
  row: Record<string, unknown> | null;
  version: number;
}

export interface HandlerContext {
  trx: Transaction<HqDB>;
  device: AuthedDevice;
  emit(change: PendingChange): void;
  /** A permanent refusal that is also a security event (ownership violated). */
  alert(message: string): void;
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
}

export const branchScope = (branchId: string): string => `branch:${branchId}`;

const id = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });

/** The kiosk's visit row (db/migrations/0001_initial.ts) as services/checkinService.ts sends it. */
const visitRecordArgs = z
  .object({
    id,
    member_id: id,
    branch_id: id,
    device_id: id,
    staff_id: id.nullable(),
    source: z.enum(['card', 'manual', 'kiosk']),
    card_uid: z.string().max(64).nullable(),
    occurred_at: instant,
    admitted: z.union([z.literal(0), z.literal(1)]),
    color: z.enum(['green', 'yellow', 'red']),
    reasons: z.array(z.unknown()).max(50),
    tier_code: z.string().max(32).nullable(),
    override_staff_id: id.nullable(),
    override_reason: z.string().max(500).nullable(),
    overridden_at: instant.nullable(),
  })
  .strict();

const visitOverrideArgs = z
  .object({ visitId: id, staffId: id, reason: z.string().trim().min(1).max(500), overriddenAt: instant })
  .strict();

function parse<T>(schema: z.ZodType<T>, args: unknown): T {
  const r = schema.safeParse(args);
  if (!r.success) throw new MutationRejected('VALIDATION', r.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; '));
  return r.data;
}

/** The row as the kiosk stores it (SQLite types: 0/1, JSON text), for the change log. */
function visitKioskRow(v: {
  id: string; member_id: string; branch_id: string; device_id: string; staff_id: string | null; source: string; card_uid: string | null;
  occurred_at: Date | string; admitted: boolean; color: string; reasons: unknown; tier_code: string | null;
  override_staff_id: string | null; override_reason: string | null; overridden_at: Date | string | null;
}): Record<string, unknown> {
  const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : d);
  return {
    id: v.id, member_id: v.member_id, branch_id: v.branch_id, device_id: v.device_id, staff_id: v.staff_id, source: v.source, card_uid: v.card_uid,
    occurred_at: iso(v.occurred_at), admitted: v.admitted ? 1 : 0, color: v.color, reasons: JSON.stringify(v.reasons), tier_code: v.tier_code,
    override_staff_id: v.override_staff_id, override_reason: v.override_reason, overridden_at: iso(v.overridden_at),
  };
}

/**
 * The mutation handlers. Adding a mutation type: a strict zod schema for its args, an ownership
 * rule from the authenticated device, the write with ON CONFLICT for creations, and one `emit`
 * per changed row into the scope its readers pull.
 */
export const HANDLERS: Readonly<Record<string, MutationHandler>> = {
  'visit.record': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(visitRecordArgs, rawArgs);
      // Ownership: a visit belongs to the branch of the device that pushed it. One claiming
      // another branch is refused (and alerted), not silently moved.
      if (a.branch_id !== ctx.device.branchId) {
        ctx.alert(`visit ${a.id} claims branch ${a.branch_id}`);
        throw new MutationRejected('FORBIDDEN', 'a visit can only be recorded for the pushing device’s branch');
      }
      const inserted = await ctx.trx
        .insertInto('visit')
        .values({
          id: a.id, member_id: a.member_id, branch_id: ctx.device.branchId, device_id: a.device_id, staff_id: a.staff_id, source: a.source,
          card_uid: a.card_uid, occurred_at: a.occurred_at, admitted: a.admitted === 1, color: a.color, reasons: JSON.stringify(a.reasons),
          tier_code: a.tier_code, override_staff_id: a.override_staff_id, override_reason: a.override_reason, overridden_at: a.overridden_at,
          received_from_device_id: ctx.device.deviceId, version: 1,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        // Already there (a replay under another client id, or a bug upstream): never a second row.
        const existing = await ctx.trx.selectFrom('visit').select(['branch_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
        if (existing.branch_id !== ctx.device.branchId) throw new MutationRejected('FORBIDDEN', 'visit id belongs to another branch');
        return;
      }
      ctx.emit({ scope: branchScope(ctx.device.branchId), table: 'visit', pk: a.id, op: 'upsert', row: visitKioskRow({ ...a, branch_id: ctx.device.branchId, admitted: a.admitted === 1 }), version: 1 });
    },
  },
  'visit.override': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(visitOverrideArgs, rawArgs);
      const visit = await ctx.trx.selectFrom('visit').selectAll().where('id', '=', a.visitId).forUpdate().executeTakeFirst();
      if (!visit) throw new MutationRejected('VALIDATION', `no visit ${a.visitId}`);
      if (visit.branch_id !== ctx.device.branchId) {
        ctx.alert(`override of visit ${a.visitId} of another branch`);
        throw new MutationRejected('FORBIDDEN', 'the visit belongs to another branch');
      }
      if (visit.overridden_at !== null) return; // already admitted by an override: nothing changes
      const updated = await ctx.trx
        .updateTable('visit')
        .set((eb) => ({ admitted: true, override_staff_id: a.staffId, override_reason: a.reason, overridden_at: a.overriddenAt, version: eb('version', '+', 1) }))
        .where('id', '=', a.visitId)
        .returningAll()
        .executeTakeFirstOrThrow();
      ctx.emit({ scope: branchScope(updated.branch_id), table: 'visit', pk: updated.id, op: 'upsert', row: visitKioskRow(updated), version: updated.version });
    },
  },
};
