import { CardNumberError, parseCardNumber } from '../core/cards/cardNumber';
import type { CardFormat } from '../core/cards/cardFormat';
import { decideCheckin, type CardStatus, type CheckinFacts } from '../core/checkin/decide';
import { statusOn } from '../core/checkin/membershipStatus';
import type { CheckinResultDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import { isTierCode } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { prepareInsert } from '../db/prepared';
import type { VisitTable } from '../db/schema';
import type { ServiceContext } from './context';
import type { MemberPanelReader } from './memberPanel';

type Source = 'card' | 'manual' | 'kiosk';
const VISIT_COLUMNS = [
  'id', 'member_id', 'branch_id', 'device_id', 'staff_id', 'source', 'card_uid', 'occurred_at', 'admitted', 'color',
  'reasons', 'tier_code', 'override_staff_id', 'override_reason', 'overridden_at',
] as const satisfies readonly (keyof VisitTable)[];

/**
 * The check-in path: find the member, gather the facts from the local store, let the pure
 * policy decide, write the visit and its outbox row in one transaction, return the panel.
 * Reads are prepared once and the write is one synchronous transaction: a tap costs about as
 * much as the fsync of its commit.
 */
export class CheckinService {
  private readonly insertVisit;
  private readonly admitOverride;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly panels: MemberPanelReader,
    private readonly onDutyStaffId: () => string | null,
  ) {
    const sqlite = ctx.kdb.sqlite;
    this.insertVisit = prepareInsert(sqlite, 'visit', VISIT_COLUMNS);
    this.admitOverride = sqlite.prepare(
      'UPDATE visit SET admitted = 1, override_staff_id = @staffId, override_reason = @reason, overridden_at = @at WHERE id = @visitId AND admitted = 0',
    );
  }

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
    const binding = key.kind === 'uid' ? this.ctx.reads.cardByUid.get(key.uid) : this.ctx.reads.cardByW26.get(key.w26);
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
    return this.checkIn(memberId, source, null, this.ctx.clock.now().toISOString());
  }

  private checkIn(memberId: string, source: Source, card: { uid: string; status: CardStatus } | null, now: string): CheckinResultDto {
    const known = this.panels.facts(memberId, now);
    const { member, membership, tier } = known;
    const last = this.ctx.reads.lastAdmittedVisit.get(memberId);
    const facts: CheckinFacts = {
      now,
      timeZone: this.ctx.desk.timeZone,
      card: card ? { status: card.status } : null,
      member: { birthday: member.birthday, medicalAlert: member.medical_alert === 1 },
      membership: membership
        ? {
            // The decision reads no freeze window, so it gets the status as it stands today: a
            // freeze booked ahead does not block yet, and one whose window passed has ended.
            status: statusOn(
              {
                status: membership.status,
                startsOn: membership.starts_on,
                validUntil: membership.valid_until,
                frozenFrom: membership.frozen_from,
                frozenUntil: membership.frozen_until,
              },
              localParts(now, this.ctx.desk.timeZone).date,
            ),
            startsOn: membership.starts_on,
            validUntil: membership.valid_until,
          }
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
      this.ctx.kdb.sqlite.transaction(() => {
        this.insertVisit(row);
        this.ctx.outbox.write('visit.record', 1, { ...row, reasons: decision.reasons });
      })();
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
      member: this.panels.read(memberId, now, known),
    };
  }

  /**
   * Staff admit a denied member with a recorded reason; the visit keeps its original decision.
   * `staffId` is who authorised it (the signed-in manager, or the manager who approved with a PIN).
   */
  async override(visitId: string, reason: string, staffId: string): Promise<CheckinResultDto> {
    const visit = this.ctx.reads.visit.get(visitId);
    if (!visit) throw new KioskError('NOT_FOUND', 'visit not found');
    if (visit.admitted === 1) throw new KioskError('CONFLICT', 'visit was already admitted');
    const now = this.ctx.clock.now().toISOString();
    this.ctx.kdb.sqlite.transaction(() => {
      const updated = this.admitOverride.run({ visitId, staffId, reason, at: now });
      if (updated.changes !== 1) throw new KioskError('CONFLICT', 'visit was already admitted');
      this.ctx.outbox.write('visit.override', 1, { visitId, staffId, reason, overriddenAt: now });
      this.ctx.audit.append({ actorType: 'staff', actorId: staffId, action: 'visit.override', entity: 'visit', entityId: visitId, details: { deskStaffId: this.onDutyStaffId() } });
    })();
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
      member: this.panels.read(visit.member_id, now),
    };
  }
}
