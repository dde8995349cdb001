import { z } from 'zod';
import { id, instant, type MutationHandler, MutationRejected, parse, requireOwnBranch, staffId, text, zeroOne } from './context';
import { amountFen, consumptionCategory, insertConsumption } from './factRows';

/** consumption.record as services/consumption/consumptionService.ts sends it. */
const consumptionRecordArgs = z
  .object({
    id,
    memberId: id,
    branchId: id,
    occurredAt: instant,
    category: consumptionCategory,
    amountFen,
    receiptNo: text(64).nullable(),
    note: text(500).nullable(),
    source: z.enum(['desk', 'import', 'renewal']),
    importId: id.nullable(),
    staffId,
  })
  .strict();

/** class_attendance.record: the kiosk's row (services/classService.ts). */
const classAttendanceArgs = z
  .object({
    id,
    member_id: id,
    session_id: id,
    branch_id: id,
    staff_id: staffId,
    attended_at: instant,
    quota_month: z.string().regex(/^[0-9]{4}-[0-9]{2}$/),
    used_free_quota: zeroOne,
  })
  .strict();

/** Append-only facts of a branch: forced to the device's branch, a replay writes nothing. */
export const FACT_HANDLERS: Readonly<Record<string, MutationHandler>> = {
  'consumption.record': {
    versions: [1],
    // A receipt number once per branch: consumptions in batch order among themselves.
    touches: () => ['consumption'],
    async run(ctx, rawArgs, m) {
      const a = parse(consumptionRecordArgs, rawArgs);
      requireOwnBranch(ctx, a.branchId, `consumption ${a.id}`);
      await insertConsumption(ctx, {
        id: a.id, member_id: a.memberId, branch_id: a.branchId, occurred_at: a.occurredAt, category: a.category, amount_fen: a.amountFen,
        receipt_no: a.receiptNo, note: a.note, source: a.source, import_id: a.importId, staff_id: a.staffId, created_at: m.deviceTime,
      });
    },
  },
  'class_attendance.record': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(classAttendanceArgs, rawArgs);
      requireOwnBranch(ctx, a.branch_id, `class attendance ${a.id}`);
      const inserted = await ctx.trx
        .insertInto('class_attendance')
        .values({ ...a, branch_id: ctx.device.branchId, used_free_quota: a.used_free_quota === 1, received_from_device_id: ctx.device.deviceId })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return;
      const existing = await ctx.trx.selectFrom('class_attendance').select('branch_id').where('id', '=', a.id).executeTakeFirst();
      // The same member in the same class under another id: the kiosk refuses it too; one row stays.
      if (existing && existing.branch_id !== ctx.device.branchId) throw new MutationRejected('FORBIDDEN', 'attendance id belongs to another branch');
    },
  },
};
