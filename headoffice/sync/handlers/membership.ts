import { type QueryCreator, type Selectable, sql, type Updateable } from 'kysely';
import { z } from 'zod';
import { effectiveMembershipStatus } from '../../../core/checkin/membershipStatus';
import { freezeDays, validUntilAfterFreeze } from '../../../core/membership/freeze';
import { planByCode } from '../../../core/membership/plans';
import { renewalPeriod } from '../../../core/membership/renewal';
import type { PushMutation } from '../../../core/sync/protocol';
import { addDays, localParts } from '../../../core/time/localDate';
import type { HqDB, MembershipEventKind, MembershipTable } from '../../db/schema';
import { GLOBAL_SCOPE } from '../scopes';
import { emitRow, type HandlerContext, id, isoDate, type MutationHandler, MutationRejected, parse, staffId, theRow } from './context';
import { amountFen, type ConsumptionArgs, insertConsumptionQuery, refuseConsumptionNotInserted, SALE_STORED } from './factRows';

type Membership = Selectable<MembershipTable>;
const base = { membershipId: id, memberId: id, staffId };
const nullableDate = isoDate.nullable();

/** The args services/membership/membershipService.ts `record(...)` sends, per action. */
const ARGS = {
  'membership.freeze': z.object({ ...base, eventId: id, from: isoDate, until: isoDate, validUntil: isoDate }).strict(),
  'membership.unfreeze': z.object({ ...base, eventId: id, returnedFrom: nullableDate, returnedUntil: nullableDate, validUntil: isoDate }).strict(),
  'membership.renew': z.object({ ...base, eventId: id, consumptionId: id, planCode: z.string().max(32), from: isoDate, to: isoDate, amountFen }).strict(),
  'membership.requestRefund': z.object({ ...base, refundId: id, amountFen }).strict(),
  'membership.decideRefund': z
    .object({ ...base, refundId: id, decisionId: id, approved: z.boolean(), amountFen: amountFen.nullable(), cancelledEventId: id.nullable() })
    .strict(),
  'membership.cancel': z.object({ ...base, eventId: id }).strict(),
} as const;

type Action = keyof typeof ARGS;
type ArgsOf<A extends Action> = z.infer<(typeof ARGS)[A]>;

interface Change {
  /** Columns of the membership row that change (none for a refund request). */
  set: Partial<Updateable<MembershipTable>> | null;
  events: { id: string; kind: MembershipEventKind; from_date?: string | null; to_date?: string | null; amount_fen?: number | null; ref_id?: string | null }[];
  /** A payment written with the row (a renewal's). */
  sale?: ConsumptionArgs;
}

/** The membership row as a mutation reads it (locked), with its branch's time zone. */
type Read = Membership & { branch_time_zone: string | null };

const datesOf = (ms: Membership) => ({ status: ms.status, startsOn: ms.starts_on, validUntil: ms.valid_until, frozenFrom: ms.frozen_from, frozenUntil: ms.frozen_until });

/**
 * The kiosk's rules applied again to head office's row (the kiosk validated against its copy;
 * a change made meanwhile at another branch is taken into account, not overwritten).
 */
const CHANGES: { [A in Action]: (ctx: HandlerContext, ms: Read, a: ArgsOf<A>, m: PushMutation) => Promise<Change> } = {
  async 'membership.freeze'(_ctx, ms, a) {
    if (ms.status === 'cancelled') throw new MutationRejected('CONFLICT', 'membership is cancelled');
    if (a.until < a.from) throw new MutationRejected('VALIDATION', 'until is before from');
    // One window per membership: one booked meanwhile at another branch is not stacked on.
    if (ms.status === 'frozen' && (ms.frozen_until === null || ms.frozen_until >= a.from)) throw new MutationRejected('CONFLICT', 'membership is already frozen');
    const validUntil = validUntilAfterFreeze(ms.valid_until, a.from, a.until);
    return { set: { status: 'frozen', frozen_from: a.from, frozen_until: a.until, valid_until: validUntil }, events: [{ id: a.eventId, kind: 'frozen', from_date: a.from, to_date: a.until }] };
  },
  async 'membership.unfreeze'(_ctx, ms, a) {
    if ((a.returnedFrom === null) !== (a.returnedUntil === null)) throw new MutationRejected('VALIDATION', 'returnedFrom and returnedUntil go together');
    if (ms.status !== 'frozen') return { set: null, events: [{ id: a.eventId, kind: 'unfrozen', from_date: a.returnedFrom, to_date: a.returnedUntil }] };
    const returned = a.returnedFrom !== null && a.returnedUntil !== null ? Math.max(0, freezeDays(a.returnedFrom, a.returnedUntil)) : 0;
    return {
      set: { status: 'active', frozen_from: null, frozen_until: null, valid_until: addDays(ms.valid_until, -returned) },
      events: [{ id: a.eventId, kind: 'unfrozen', from_date: a.returnedFrom, to_date: a.returnedUntil }],
    };
  },
  async 'membership.renew'(ctx, ms, a, m) {
    const plan = planByCode(a.planCode);
    if (!plan) throw new MutationRejected('VALIDATION', `unknown plan ${a.planCode}`);
    if (ms.status === 'cancelled') throw new MutationRejected('CONFLICT', 'membership is cancelled');
    if (!ms.branch_time_zone) throw new Error(`branch ${ctx.device.branchId} not found`); // the device's own branch: transient
    // The branch's calendar day at the mutation's device time (the kiosk's `today`).
    const today = localParts(m.deviceTime, ms.branch_time_zone).date;
    const period = renewalPeriod(ms.valid_until, today, plan.months);
    const lapsed = effectiveMembershipStatus(datesOf(ms), today) === 'expired';
    return {
      sale: {
        id: a.consumptionId, member_id: ms.member_id, branch_id: ctx.device.branchId, occurred_at: m.deviceTime, category: 'membership',
        amount_fen: a.amountFen, receipt_no: null, note: plan.code, source: 'renewal', import_id: null, staff_id: a.staffId, created_at: m.deviceTime,
      },
      set: {
        status: lapsed ? 'active' : ms.status, frozen_from: lapsed ? null : ms.frozen_from, frozen_until: lapsed ? null : ms.frozen_until,
        valid_until: period.to, plan_code: plan.code, plan_name: plan.nameZh,
      },
      events: [{ id: a.eventId, kind: 'renewed', from_date: period.from, to_date: period.to, amount_fen: a.amountFen }],
    };
  },
  async 'membership.requestRefund'(_ctx, ms, a) {
    if (ms.status === 'cancelled') throw new MutationRejected('CONFLICT', 'membership is cancelled');
    return { set: null, events: [{ id: a.refundId, kind: 'refund_requested', amount_fen: a.amountFen }] };
  },
  async 'membership.decideRefund'(ctx, ms, a) {
    const request = await ctx.trx.selectFrom('membership_event').select(['kind', 'membership_id']).where('id', '=', a.refundId).executeTakeFirst();
    if (!request || request.kind !== 'refund_requested' || request.membership_id !== ms.id) throw new MutationRejected('VALIDATION', `no refund request ${a.refundId}`);
    const decided = await ctx.trx.selectFrom('membership_event').select('id').where('ref_id', '=', a.refundId).where('kind', 'in', ['refund_approved', 'refund_rejected']).executeTakeFirst();
    if (decided) throw new MutationRejected('CONFLICT', 'the refund request was already decided');
    if (!a.approved) return { set: null, events: [{ id: a.decisionId, kind: 'refund_rejected', ref_id: a.refundId }] };
    const events: Change['events'] = [{ id: a.decisionId, kind: 'refund_approved', amount_fen: a.amountFen, ref_id: a.refundId }];
    if (ms.status === 'cancelled') return { set: null, events };
    if (a.cancelledEventId !== null) events.push({ id: a.cancelledEventId, kind: 'cancelled', ref_id: a.decisionId });
    return { set: { status: 'cancelled' }, events };
  },
  async 'membership.cancel'(_ctx, ms, a) {
    if (ms.status === 'cancelled') return { set: null, events: [] };
    return { set: { status: 'cancelled' }, events: [{ id: a.eventId, kind: 'cancelled' }] };
  },
};

/** The event id that makes a replay under another client id a no-op. */
function firstEventId(a: Record<string, unknown>): string {
  return String(a.eventId ?? a.decisionId ?? a.refundId);
}

function handler<A extends Action>(action: A): MutationHandler {
  return {
    versions: [1],
    // The membership row (its events are its own), and the event id that makes a replay a no-op.
    touches: (a) => (typeof a.membershipId === 'string' ? [`membership:${a.membershipId}`, `membership_event:${firstEventId(a)}`] : null),
    async run(ctx, rawArgs, m) {
      const a = parse(ARGS[action] as unknown as z.ZodType<ArgsOf<A>>, rawArgs);
      // One round trip for the row, its replay check and the branch's time zone.
      const read = await ctx.trx
        .selectFrom('membership')
        .selectAll('membership')
        .select((eb) => [
          eb.exists(eb.selectFrom('membership_event').select('membership_event.id').where('membership_event.id', '=', firstEventId(a))).as('event_seen'),
          eb.selectFrom('branch').select('branch.time_zone').where('branch.id', '=', ctx.device.branchId).as('branch_time_zone'),
        ])
        .where('membership.id', '=', a.membershipId)
        .forUpdate()
        .executeTakeFirst();
      if (!read) throw new MutationRejected('VALIDATION', `no membership ${a.membershipId}`);
      if (read.member_id !== a.memberId) throw new MutationRejected('VALIDATION', 'the membership belongs to another member');
      if (read.event_seen === true || read.event_seen === 1) return;
      const change = await CHANGES[action](ctx, read, a, m);
      const events = change.events.map((e) => ({
        id: e.id, membership_id: read.id, member_id: read.member_id, kind: e.kind, occurred_at: m.deviceTime, staff_id: a.staffId,
        from_date: e.from_date ?? null, to_date: e.to_date ?? null, amount_fen: e.amount_fen ?? null, reason: null, ref_id: e.ref_id ?? null,
        branch_id: ctx.device.branchId, received_from_device_id: ctx.device.deviceId,
      }));
      const insertEvents = (db: QueryCreator<HqDB>) => db.insertInto('membership_event').values(events).onConflict((oc) => oc.column('id').doNothing());
      if (!change.set) {
        if (events.length > 0) await ctx.finish(insertEvents(ctx.trx), () => undefined);
        return;
      }
      const set = change.set;
      const row = { ...set, updated_at: m.deviceTime, version: sql<number>`version + 1` };
      // With events (and a payment), they and the row go in one statement (data-modifying WITHs): no order between them.
      const sale = change.sale;
      if (sale) {
        const renewal = ctx.trx
          .with('events', (db) => insertEvents(db).returning('id'))
          .with('sale', (db) => insertConsumptionQuery(db, ctx, sale))
          .updateTable('membership')
          .set(row)
          .where('id', '=', read.id)
          .returningAll()
          .returning(SALE_STORED);
        await ctx.finish(renewal, async (rows) => {
          const { sale_stored: saleStored, ...updated } = theRow(rows);
          if (!saleStored) await refuseConsumptionNotInserted(ctx, sale);
          emitRow(ctx, GLOBAL_SCOPE, 'membership', updated);
        });
        return;
      }
      const update =
        events.length > 0
          ? ctx.trx.with('events', (db) => insertEvents(db).returning('id')).updateTable('membership').set(row).where('id', '=', read.id).returningAll()
          : ctx.trx.updateTable('membership').set(row).where('id', '=', read.id).returningAll();
      await ctx.finish(update, (rows) => emitRow(ctx, GLOBAL_SCOPE, 'membership', theRow(rows)));
    },
  };
}

export const MEMBERSHIP_HANDLERS: Readonly<Record<string, MutationHandler>> = Object.fromEntries(
  (Object.keys(ARGS) as Action[]).map((action) => [action, handler(action)]),
);
