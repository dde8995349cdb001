import { type Insertable, sql } from 'kysely';
import { z } from 'zod';
import { toKioskRow } from '../kioskRows';
import { branchScope } from '../scopes';
import type { AuthedDevice } from '../../auth/signature';
import type { HqDB } from '../../db/schema';
import { type BulkContext, type BulkOutcome, id, instant, type MutationHandler, MutationRejected, type PendingChange, parse, requireOwnBranch, staffId, zeroOne } from './context';

/** The kiosk's visit row (db/migrations/0001_initial.ts) as services/checkinService.ts sends it. */
const visitRecordArgs = z
  .object({
    id,
    member_id: id,
    branch_id: id,
    device_id: id,
    staff_id: staffId,
    source: z.enum(['card', 'manual', 'kiosk']),
    card_uid: z.string().max(64).nullable(),
    occurred_at: instant,
    admitted: zeroOne,
    color: z.enum(['green', 'yellow', 'red']),
    reasons: z.array(z.unknown()).max(50),
    tier_code: z.string().max(32).nullable(),
    override_staff_id: staffId,
    override_reason: z.string().max(500).nullable(),
    overridden_at: instant.nullable(),
  })
  .strict();

const visitOverrideArgs = z
  .object({ visitId: id, staffId: id, reason: z.string().trim().min(1).max(500), overriddenAt: instant })
  .strict();

type VisitRecordArgs = z.infer<typeof visitRecordArgs>;

/** The stored row of a visit.record: the branch and the receiver are the device's. `reasons` as sent (JSON), for the bulk path's JSON rows. */
function visitValues(a: VisitRecordArgs, device: AuthedDevice) {
  return {
    id: a.id, member_id: a.member_id, branch_id: device.branchId, device_id: a.device_id, staff_id: a.staff_id, source: a.source,
    card_uid: a.card_uid, occurred_at: a.occurred_at, admitted: a.admitted === 1, color: a.color, reasons: a.reasons,
    tier_code: a.tier_code, override_staff_id: a.override_staff_id, override_reason: a.override_reason, overridden_at: a.overridden_at,
    received_from_device_id: device.deviceId, version: 1,
  };
}
type VisitValues = ReturnType<typeof visitValues>;

/** Whether an instant is in the form the desk sends and head office reads back (ISO, milliseconds, Z). */
function canonical(instant: string | null): boolean {
  return instant === null || new Date(instant).toISOString() === instant;
}

/**
 * The change-log row (the desk's shape) of a valid visit.record of the device's own branch,
 * with its instants in canonical form so the row is exactly what head office would read back
 * after storing it; null for anything else (which the general path refuses, raising its
 * alert, or stores as sent). No side effects.
 */
export function newVisitKioskRow(args: unknown, device: AuthedDevice): Record<string, unknown> | null {
  const r = visitRecordArgs.safeParse(args);
  if (!r.success || r.data.branch_id !== device.branchId || !canonical(r.data.occurred_at) || !canonical(r.data.overridden_at)) return null;
  const a = r.data;
  // toKioskRow('visit', visitValues(a, device)) built directly, for the thousands of a desk's
  // week: the branch is the device's (checked above), the instants are canonical, `admitted`
  // is 0/1 and `reasons` JSON text already in the desk's shape. Held equal by headoffice/pushMixed.test.ts.
  return {
    id: a.id, member_id: a.member_id, branch_id: a.branch_id, device_id: a.device_id, staff_id: a.staff_id, source: a.source, card_uid: a.card_uid,
    occurred_at: a.occurred_at, admitted: a.admitted, color: a.color, reasons: JSON.stringify(a.reasons), tier_code: a.tier_code,
    override_staff_id: a.override_staff_id, override_reason: a.override_reason, overridden_at: a.overridden_at,
  };
}

/** The change-log entry of a visit just stored from these values (version 1: a new visit). */
function newVisitChange(v: VisitValues): PendingChange {
  return { scope: branchScope(v.branch_id), table: 'visit', pk: v.id, op: 'upsert', row: toKioskRow('visit', v), version: 1 };
}

function visitRow(a: VisitRecordArgs, device: AuthedDevice): Insertable<HqDB['visit']> {
  const v = visitValues(a, device);
  return { ...v, reasons: JSON.stringify(v.reasons) };
}

const ANOTHER_BRANCH = 'visit id belongs to another branch';

/** The visit columns and their PostgreSQL types, for the bulk INSERT's jsonb_to_recordset. */
const VISIT_COLUMNS = [
  ['id', 'text'], ['member_id', 'text'], ['branch_id', 'text'], ['device_id', 'text'], ['staff_id', 'text'], ['source', 'text'], ['card_uid', 'text'],
  ['occurred_at', 'timestamptz'], ['admitted', 'boolean'], ['color', 'text'], ['reasons', 'jsonb'], ['tier_code', 'text'], ['override_staff_id', 'text'],
  ['override_reason', 'text'], ['overridden_at', 'timestamptz'], ['received_from_device_id', 'text'], ['version', 'integer'],
] as const;
const COLUMN_LIST = sql.raw(VISIT_COLUMNS.map(([c]) => c).join(', '));
const RECORD_TYPE = sql.raw(VISIT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', '));

/**
 * The rows in one statement with one parameter (the rows as a JSON array) instead of 17 per
 * row: PostgreSQL parses and plans one small statement, and neither side encodes thousands of
 * parameters. Answers the ids inserted; the change-log row is made from the values sent, which
 * are what was stored (head office adds nothing to a new visit).
 */
async function insertVisits(ctx: BulkContext, rows: readonly VisitValues[]): Promise<Set<string>> {
  const json = JSON.stringify(rows);
  const { rows: inserted } = await sql<{ id: string }>`
    INSERT INTO visit (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM jsonb_to_recordset(${json}::jsonb) AS v(${RECORD_TYPE})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(ctx.trx);
  return new Set(inserted.map((r) => r.id));
}

/**
 * visit.record for a run of mutations: arguments and ownership checked in JS, one INSERT …
 * ON CONFLICT DO NOTHING, one SELECT for the ids that were already there. Item by item the
 * same outcome as `run`: the first of two items with one visit id inserts it, the second finds
 * it (as it would one savepoint later).
 */
async function recordVisits(ctx: BulkContext, items: readonly { args: Record<string, unknown> }[]): Promise<BulkOutcome[]> {
  const outcomes: (BulkOutcome | undefined)[] = new Array(items.length);
  const rows = new Map<string, VisitValues>();
  const firstOf = new Map<string, number>();
  const ids: string[] = [];
  items.forEach((item, k) => {
    try {
      const a = parse(visitRecordArgs, item.args);
      requireOwnBranch(ctx, a.branch_id, `visit ${a.id}`);
      ids[k] = a.id;
      if (!rows.has(a.id)) {
        rows.set(a.id, visitValues(a, ctx.device));
        firstOf.set(a.id, k);
      }
    } catch (e) {
      if (!(e instanceof MutationRejected)) throw e;
      outcomes[k] = { rejected: e };
    }
  });
  const insertedIds = rows.size === 0 ? new Set<string>() : await insertVisits(ctx, [...rows.values()]);
  for (const visitId of insertedIds) {
    outcomes[firstOf.get(visitId)!] = { changes: [newVisitChange(rows.get(visitId)!)] };
  }
  // Already there before this run (a replay under another client id, or a bug upstream): never a second row.
  const before = [...rows.keys()].filter((visitId) => !insertedIds.has(visitId));
  const branchOf = new Map<string, string>();
  if (before.length > 0) for (const v of await ctx.trx.selectFrom('visit').select(['id', 'branch_id']).where('id', 'in', before).execute()) branchOf.set(v.id, v.branch_id);
  items.forEach((_, k) => {
    if (outcomes[k]) return;
    const visitId = ids[k]!;
    if (insertedIds.has(visitId)) {
      outcomes[k] = { changes: [] }; // inserted by an earlier item of this run, for this branch
      return;
    }
    const branch = branchOf.get(visitId);
    if (branch === undefined) throw new Error(`visit ${visitId} neither inserted nor found`); // as `run`'s executeTakeFirstOrThrow: transient
    outcomes[k] = branch === ctx.device.branchId ? { changes: [] } : { rejected: new MutationRejected('FORBIDDEN', ANOTHER_BRANCH) };
  });
  return outcomes as BulkOutcome[];
}

export const VISIT_HANDLERS: Readonly<Record<string, MutationHandler>> = {
  'visit.record': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(visitRecordArgs, rawArgs);
      requireOwnBranch(ctx, a.branch_id, `visit ${a.id}`);
      const inserted = await ctx.trx
        .insertInto('visit')
        .values(visitRow(a, ctx.device))
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        // Already there (a replay under another client id, or a bug upstream): never a second row.
        const existing = await ctx.trx.selectFrom('visit').select(['branch_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
        if (existing.branch_id !== ctx.device.branchId) throw new MutationRejected('FORBIDDEN', ANOTHER_BRANCH);
        return;
      }
      ctx.emit({ scope: branchScope(inserted.branch_id), table: 'visit', pk: inserted.id, op: 'upsert', row: toKioskRow('visit', inserted), version: inserted.version });
    },
    bulk: (ctx, items) => recordVisits(ctx, items),
    // Only the visit.* handlers touch the visit table (no foreign key ties a visit to the roster).
    commutesWith: (name) => !name.startsWith('visit.'),
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
      ctx.emit({ scope: branchScope(updated.branch_id), table: 'visit', pk: updated.id, op: 'upsert', row: toKioskRow('visit', updated), version: updated.version });
    },
  },
};
