import { type QueryCreator, sql } from 'kysely';
import { z } from 'zod';
import type { HqDB } from '../../db/schema';
import { type HandlerContext, id, instant, MutationRejected, staffId, text, zeroOne } from './context';

/** A member_consent row as the kiosk writes it (registration and profile updates). */
export const consentArgs = z
  .object({
    id,
    member_id: id,
    kind: z.literal('sensitive'),
    granted: zeroOne,
    text_version: text(32).min(1),
    recorded_at: instant,
    staff_id: staffId,
  })
  .strict();

export const consumptionCategory = z.enum(['membership', 'course', 'personal_training', 'product']);
export const amountFen = z.number().int().min(1).max(100_000_000);

/** A consumption row as the kiosk writes it (the registration's payment). */
export const consumptionArgs = z
  .object({
    id,
    member_id: id,
    branch_id: id,
    occurred_at: instant,
    category: consumptionCategory,
    amount_fen: amountFen,
    receipt_no: text(64).nullable(),
    note: text(500).nullable(),
    source: z.enum(['desk', 'import', 'renewal']),
    import_id: id.nullable(),
    staff_id: staffId,
    created_at: instant,
  })
  .strict();

export type ConsentArgs = z.infer<typeof consentArgs>;
export type ConsumptionArgs = z.infer<typeof consumptionArgs>;

/** The stored member_consent row: the branch is the device's. */
export function consentRow(ctx: Pick<HandlerContext, 'device'>, c: ConsentArgs) {
  return { ...c, granted: c.granted === 1, branch_id: ctx.device.branchId };
}

export async function insertConsent(ctx: HandlerContext, c: ConsentArgs): Promise<void> {
  await ctx.trx.insertInto('member_consent').values(consentRow(ctx, c)).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/**
 * An append-only fact: the branch is the device's, a replay writes nothing. The same receipt
 * number twice at one branch (a file imported on two PCs) is refused: counted once only.
 * The mutation's last statement (HandlerContext.finish).
 */
export async function insertConsumption(ctx: HandlerContext, c: ConsumptionArgs): Promise<void> {
  await ctx.finish(insertConsumptionQuery(ctx.trx, ctx, c), async ([inserted]) => {
    if (!inserted) await refuseConsumptionNotInserted(ctx, c);
  });
}

/**
 * The consumption's INSERT … ON CONFLICT DO NOTHING RETURNING id (its branch and receiver the
 * device's), alone or as the `sale` of a data-modifying WITH whose statement returns
 * SALE_STORED; nothing returned goes to refuseConsumptionNotInserted.
 */
export function insertConsumptionQuery<DB extends HqDB>(db: QueryCreator<DB>, ctx: Pick<HandlerContext, 'device'>, c: ConsumptionArgs) {
  // A WITH adds its names to DB; the consumption table is the same one.
  return (db as unknown as QueryCreator<HqDB>)
    .insertInto('consumption')
    .values({ ...c, branch_id: ctx.device.branchId, received_from_device_id: ctx.device.deviceId })
    .onConflict((oc) => oc.doNothing())
    .returning('id');
}

/** Whether the `sale` WITH of the statement stored its row. */
export const SALE_STORED = sql<boolean>`EXISTS (SELECT 1 FROM sale)`.as('sale_stored');

/** Why a consumption's INSERT … ON CONFLICT DO NOTHING wrote nothing: a replay of this branch's is fine, anything else is refused. */
export async function refuseConsumptionNotInserted(ctx: HandlerContext, c: ConsumptionArgs): Promise<void> {
  const existing = await ctx.trx.selectFrom('consumption').select('branch_id').where('id', '=', c.id).executeTakeFirst();
  if (!existing) throw new MutationRejected('CONFLICT', `receipt ${c.receipt_no ?? ''} is already recorded at this branch`);
  if (existing.branch_id !== ctx.device.branchId) throw new MutationRejected('FORBIDDEN', 'consumption id belongs to another branch');
}
