import { KioskError } from '../../core/contract/errors';
import type { MembershipDto } from '../../core/contract/memberDto';
import { checkFreezeWindow, freezeDays, unusedFreeze, validUntilAfterFreeze } from '../../core/membership/freeze';
import { planByCode } from '../../core/membership/plans';
import { renewalPeriod } from '../../core/membership/renewal';
import { addDays, localParts } from '../../core/time/localDate';
import type { AuditDetails } from '../audit/auditChain';
import type { MembershipEventKind } from '../../db/schema';
import type { Actor, ServiceContext } from '../context';
import { membershipEffectiveStatus, prepareMembershipStore, toMembershipDto, type MembershipRow, type MembershipStore } from './membershipStore';

/** The moment a change happens: the instant, and the branch's calendar day at it. */
interface At {
  now: string;
  today: string;
}

type EventFields = { fromDate?: string; toDate?: string; amountFen?: number; reason?: string | null; refId?: string };

const conflict = (message: string, which: string) => new KioskError('CONFLICT', message, [{ path: 'membership', message: which }]);

/**
 * Freeze / unfreeze, renew, refund request and decision, cancel; each writes its history event.
 *
 * Every change is one synchronous sqlite transaction that reads the membership, checks it,
 * writes the row, its history event(s), the sync mutation and the audit row: all or nothing,
 * and no second click can slip between the check and the write.
 */
export class MembershipService {
  private readonly store: MembershipStore;

  constructor(private readonly ctx: ServiceContext) {
    this.store = prepareMembershipStore(ctx.kdb.sqlite);
  }

  async freeze(membershipId: string, from: string, until: string, reason: string, actor: Actor): Promise<MembershipDto> {
    return this.change(() => {
      const { m, at } = this.load(membershipId);
      const status = membershipEffectiveStatus(m, at.today);
      if (status === 'cancelled') throw conflict('membership is cancelled', 'cancelled');
      if (status === 'expired') throw conflict('membership has expired', 'expired');
      // One window per membership: a freeze in force or booked ahead must be ended first.
      if (status === 'frozen' || (m.status === 'frozen' && m.frozen_until !== null && m.frozen_until >= at.today)) {
        throw conflict('membership is already frozen', 'already_frozen');
      }
      const issues = checkFreezeWindow({ from, until, today: at.today, startsOn: m.starts_on, validUntil: m.valid_until });
      if (issues.length > 0) throw new KioskError('INVALID_INPUT', 'freeze dates are not acceptable', issues);

      // The member keeps the paid days: the last day moves out by the freeze's length.
      const validUntil = validUntilAfterFreeze(m.valid_until, from, until);
      this.store.update({ ...changeOf(m, at), status: 'frozen', frozen_from: from, frozen_until: until, valid_until: validUntil });
      const eventId = this.event(m, 'frozen', at, actor, { fromDate: from, toDate: until, reason });
      this.record(m, actor, 'membership.freeze', { eventId, from, until, validUntil }, { eventId, from, until, days: freezeDays(from, until), validUntil });
      return m.id;
    });
  }

  async unfreeze(membershipId: string, actor: Actor): Promise<MembershipDto> {
    return this.change(() => {
      const { m, at } = this.load(membershipId);
      if (m.status === 'frozen' && (m.frozen_from === null || m.frozen_until === null)) {
        // A freeze recorded without dates (older data, head-office import) ends today; it
        // extended nothing, so no days are handed back.
        this.store.update({ ...changeOf(m, at), status: 'active', frozen_from: null, frozen_until: null, valid_until: m.valid_until });
        const eventId = this.event(m, 'unfrozen', at, actor, {});
        this.record(m, actor, 'membership.unfreeze', { eventId, returnedFrom: null, returnedUntil: null, validUntil: m.valid_until }, { eventId, returnedDays: 0, validUntil: m.valid_until });
        return m.id;
      }
      // Only a freeze not yet over can be ended early.
      if (m.status !== 'frozen' || m.frozen_from === null || m.frozen_until === null || m.frozen_until < at.today) {
        throw conflict('membership has no freeze to end', 'not_frozen');
      }
      const unused = unusedFreeze(m.frozen_from, m.frozen_until, at.today);
      const validUntil = addDays(m.valid_until, -unused.days);
      this.store.update({ ...changeOf(m, at), status: 'active', frozen_from: null, frozen_until: null, valid_until: validUntil });
      // The event holds the days handed back (today onwards, or the whole window before it began).
      const eventId = this.event(m, 'unfrozen', at, actor, { fromDate: unused.from, toDate: unused.until });
      this.record(m, actor, 'membership.unfreeze', { eventId, returnedFrom: unused.from, returnedUntil: unused.until, validUntil }, {
        eventId,
        returnedDays: unused.days,
        validUntil,
      });
      return m.id;
    });
  }

  async renew(membershipId: string, planCode: string, amountFen: number, actor: Actor): Promise<MembershipDto> {
    const plan = planByCode(planCode);
    if (!plan) throw new KioskError('INVALID_INPUT', 'unknown plan', [{ path: 'planCode', message: 'unknown plan' }]);
    return this.change(() => {
      const { m, at } = this.load(membershipId);
      const status = membershipEffectiveStatus(m, at.today);
      if (status === 'cancelled') throw conflict('membership is cancelled', 'cancelled');
      const period = renewalPeriod(m.valid_until, at.today, plan.months);
      // A lapsed membership restarts today as active; any freeze it had ended before it lapsed.
      // A current one keeps its status and any freeze booked on it.
      const lapsed = status === 'expired';
      this.store.update({
        ...changeOf(m, at),
        status: lapsed ? 'active' : m.status,
        frozen_from: lapsed ? null : m.frozen_from,
        frozen_until: lapsed ? null : m.frozen_until,
        valid_until: period.to,
        plan_code: plan.code,
        plan_name: plan.nameZh,
      });
      const eventId = this.event(m, 'renewed', at, actor, { fromDate: period.from, toDate: period.to, amountFen });
      // The renewal's money is consumption: it counts towards the tier score like a desk sale.
      const consumptionId = this.ctx.newId();
      this.store.insertConsumption({
        id: consumptionId,
        member_id: m.member_id,
        branch_id: this.ctx.desk.branchId,
        occurred_at: at.now,
        category: 'membership',
        amount_fen: amountFen,
        receipt_no: null,
        note: plan.code,
        source: 'renewal',
        import_id: null,
        staff_id: actor.staffId,
        created_at: at.now,
      });
      const args = { eventId, consumptionId, planCode: plan.code, from: period.from, to: period.to, amountFen };
      this.record(m, actor, 'membership.renew', args, args);
      return m.id;
    });
  }

  async requestRefund(membershipId: string, amountFen: number, reason: string, actor: Actor): Promise<MembershipDto> {
    return this.change(() => {
      const { m, at } = this.load(membershipId);
      if (m.status === 'cancelled') throw conflict('membership is cancelled', 'cancelled');
      if (this.store.pendingRefundId(m.id) !== null) throw conflict('a refund request is already waiting for a decision', 'refund_pending');
      const refundId = this.event(m, 'refund_requested', at, actor, { amountFen, reason });
      this.record(m, actor, 'membership.requestRefund', { refundId, amountFen }, { refundId, amountFen });
      return m.id;
    });
  }

  async decideRefund(refundId: string, approve: boolean, note: string | undefined, actor: Actor): Promise<MembershipDto> {
    return this.change(() => {
      const request = this.store.event(refundId);
      if (!request || request.kind !== 'refund_requested') throw new KioskError('NOT_FOUND', 'refund request not found');
      if (this.store.decisionOf(refundId) !== null) {
        throw new KioskError('CONFLICT', 'refund request was already decided', [{ path: 'refundId', message: 'already_decided' }]);
      }
      const { m, at } = this.load(request.membership_id);
      const reason = note ?? null;
      let decisionId: string;
      let cancelledEventId: string | null = null;
      if (approve) {
        decisionId = this.event(m, 'refund_approved', at, actor, { amountFen: request.amount_fen ?? undefined, reason, refId: refundId });
        // Money back ends the membership. A request made before a separate cancel is still
        // decided, but the membership is not cancelled twice.
        if (m.status !== 'cancelled') {
          this.store.update({ ...changeOf(m, at), status: 'cancelled' });
          cancelledEventId = this.event(m, 'cancelled', at, actor, { refId: decisionId });
        }
      } else {
        decisionId = this.event(m, 'refund_rejected', at, actor, { reason, refId: refundId });
      }
      const args = { refundId, decisionId, approved: approve, amountFen: approve ? request.amount_fen : null, cancelledEventId };
      this.record(m, actor, 'membership.decideRefund', args, args);
      return m.id;
    });
  }

  async cancel(membershipId: string, reason: string, actor: Actor): Promise<MembershipDto> {
    return this.change(() => {
      const { m, at } = this.load(membershipId);
      if (m.status === 'cancelled') throw conflict('membership is already cancelled', 'cancelled');
      this.store.update({ ...changeOf(m, at), status: 'cancelled' });
      const eventId = this.event(m, 'cancelled', at, actor, { reason });
      this.record(m, actor, 'membership.cancel', { eventId }, { eventId });
      return m.id;
    });
  }

  /** Runs `write` in one transaction and answers with the membership as it now stands. */
  private change(write: () => string): MembershipDto {
    return this.ctx.kdb.sqlite.transaction(() => {
      const id = write();
      const { m, at } = this.load(id);
      return toMembershipDto(m, at.today, this.store.pendingRefundId(id));
    })();
  }

  private load(membershipId: string): { m: MembershipRow; at: At } {
    const m = this.store.membership(membershipId);
    if (!m) throw new KioskError('NOT_FOUND', 'membership not found');
    const now = this.ctx.clock.now().toISOString();
    return { m, at: { now, today: localParts(now, this.ctx.desk.timeZone).date } };
  }

  private event(m: MembershipRow, kind: MembershipEventKind, at: At, actor: Actor, f: EventFields): string {
    const id = this.ctx.newId();
    this.store.insertEvent({
      id,
      membership_id: m.id,
      member_id: m.member_id,
      kind,
      occurred_at: at.now,
      staff_id: actor.staffId,
      from_date: f.fromDate ?? null,
      to_date: f.toDate ?? null,
      amount_fen: f.amountFen ?? null,
      reason: f.reason ?? null,
      ref_id: f.refId ?? null,
    });
    return id;
  }

  /**
   * The sync mutation and the audit row of a change. Both carry references, dates and amounts
   * only: free-text reasons (often health: "knee surgery") stay in the local history event.
   */
  private record(m: MembershipRow, actor: Actor, action: string, args: Record<string, unknown>, details: AuditDetails): void {
    this.ctx.outbox.write(action, 1, { membershipId: m.id, memberId: m.member_id, ...args, staffId: actor.staffId });
    this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action, entity: 'membership', entityId: m.id, details });
  }
}

/** The row's current values as the base of an update; callers override what they change. */
function changeOf(m: MembershipRow, at: At) {
  return {
    id: m.id,
    status: m.status,
    valid_until: m.valid_until,
    frozen_from: m.frozen_from,
    frozen_until: m.frozen_until,
    plan_code: m.plan_code,
    plan_name: m.plan_name,
    updated_at: at.now,
  };
}
