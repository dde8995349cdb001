import { CardNumberError, parseCardNumber } from '../core/cards/cardNumber';
import type { CardFormat } from '../core/cards/cardFormat';
import { decideCheckin, type CheckinFacts } from '../core/checkin/decide';
import type { CheckinResultDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import { isTierCode } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { currentMembership, findCardByUid, findCardByW26, getMember } from '../db/queries/members';
import { getVisit, insertVisit, lastAdmittedVisit } from '../db/queries/visits';
import type { VisitTable } from '../db/schema';
import type { ServiceContext } from './context';
import type { MemberPanelReader } from './memberPanel';

type Source = 'card' | 'manual' | 'kiosk';

/**
 * The check-in path: find the member, gather the facts from the local store, let the pure
 * policy decide, write the visit and its outbox row in one transaction, return the panel.
 */
export class CheckinService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly panels: MemberPanelReader,
    private readonly onDutyStaffId: () => string | null,
  ) {}

  async byCard(card: string, format: CardFormat): Promise<CheckinResultDto> {
    let key;
    try {
      key = parseCardNumber(card, format);
    } catch (error) {
      if (error instanceof CardNumberError) {
        throw new KioskError('INVALID_INPUT', `card number does not fit the ${format} format`, [{ path: 'card', message: error.reason }]);
      }
      throw error;
    }
    const db = this.ctx.kdb.db;
    const binding = key.kind === 'uid' ? await findCardByUid(db, key.uid) : await findCardByW26(db, key.w26);
    const now = this.ctx.clock.now().toISOString();
    if (!binding) {
      return {
        attemptId: this.ctx.newId(),
        visitId: null,
        color: 'grey',
        admitted: false,
        duplicate: false,
        overridden: false,
        reasons: [{ code: 'UNKNOWN_CARD', effect: 'deny', params: {} }],
        source: 'card',
        occurredAt: now,
        cardUid: key.kind === 'uid' ? key.uid : null,
        member: null,
      };
    }
    return this.checkIn(binding.member_id, 'card', { uid: binding.card_uid, status: binding.status }, now);
  }

  async byMember(memberId: string, source: Exclude<Source, 'card'> = 'manual'): Promise<CheckinResultDto> {
    const member = await getMember(this.ctx.kdb.db, memberId);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    return this.checkIn(memberId, source, null, this.ctx.clock.now().toISOString());
  }

  private async checkIn(
    memberId: string,
    source: Source,
    card: { uid: string; status: 'active' | 'lost' | 'replaced' | 'unbound' } | null,
    now: string,
  ): Promise<CheckinResultDto> {
    const db = this.ctx.kdb.db;
    const today = localParts(now, this.ctx.desk.timeZone).date;
    const [member, membership, tier, last] = await Promise.all([
      getMember(db, memberId),
      currentMembership(db, memberId, today),
      this.panels.tierOf(memberId, now),
      lastAdmittedVisit(db, memberId),
    ]);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    const facts: CheckinFacts = {
      now,
      timeZone: this.ctx.desk.timeZone,
      card: card ? { status: card.status } : null,
      member: { birthday: member.birthday, medicalAlert: member.medical_alert === 1 },
      membership: membership
        ? { status: membership.status, startsOn: membership.starts_on, validUntil: membership.valid_until }
        : null,
      currentTier: tier?.code ?? null,
      lastAdmittedVisit: last
        ? { occurredAt: last.occurred_at, tierCode: last.tier_code && isTierCode(last.tier_code) ? last.tier_code : null }
        : null,
    };
    const decision = decideCheckin(facts, this.ctx.policy);
    let visitId: string;
    if (decision.duplicate && last) {
      // A second tap within the window is not a second visit.
      visitId = last.id;
    } else {
      visitId = this.ctx.newId();
      const row: VisitTable = {
        id: visitId,
        member_id: memberId,
        branch_id: this.ctx.desk.branchId,
        device_id: this.ctx.desk.deviceId,
        staff_id: this.onDutyStaffId(),
        source,
        card_uid: card?.uid ?? null,
        occurred_at: now,
        admitted: decision.admitted ? 1 : 0,
        color: decision.color === 'grey' ? 'red' : decision.color,
        reasons: JSON.stringify(decision.reasons),
        tier_code: tier?.code ?? null,
        override_staff_id: null,
        override_reason: null,
        overridden_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertVisit(trx, row);
        await this.ctx.outbox.write(trx, 'visit.record', 1, { ...row, reasons: decision.reasons });
      });
      this.ctx.events.emit('visit.recorded', { visitId, memberId });
    }
    return {
      attemptId: this.ctx.newId(),
      visitId,
      color: decision.color,
      admitted: decision.admitted,
      duplicate: decision.duplicate,
      overridden: false,
      reasons: decision.reasons,
      source,
      occurredAt: now,
      cardUid: card?.uid ?? null,
      member: await this.panels.read(memberId, now),
    };
  }

  /** Staff admit a denied member with a recorded reason; the visit keeps its original decision. */
  async override(visitId: string, reason: string): Promise<CheckinResultDto> {
    const staffId = this.onDutyStaffId();
    if (!staffId) throw new KioskError('NO_STAFF_ON_DUTY', 'choose the staff member on duty before overriding');
    const db = this.ctx.kdb.db;
    const visit = await getVisit(db, visitId);
    if (!visit) throw new KioskError('NOT_FOUND', 'visit not found');
    if (visit.admitted === 1) throw new KioskError('CONFLICT', 'visit was already admitted');
    const now = this.ctx.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('visit')
        .set({ admitted: 1, override_staff_id: staffId, override_reason: reason, overridden_at: now })
        .where('id', '=', visitId)
        .where('admitted', '=', 0)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new KioskError('CONFLICT', 'visit was already admitted');
      await this.ctx.outbox.write(trx, 'visit.override', 1, { visitId, staffId, reason, overriddenAt: now });
    });
    return {
      attemptId: this.ctx.newId(),
      visitId,
      color: 'green',
      admitted: true,
      duplicate: false,
      overridden: true,
      reasons: JSON.parse(visit.reasons) as CheckinResultDto['reasons'],
      source: visit.source,
      occurredAt: visit.occurred_at,
      cardUid: visit.card_uid,
      member: await this.panels.read(visit.member_id, now),
    };
  }
}
