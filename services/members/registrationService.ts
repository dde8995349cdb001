import { sql } from 'kysely';
import { KioskError } from '../../core/contract/errors';
import type { DuplicateDto } from '../../core/contract/memberDto';
import type { MethodInput, MethodOutput } from '../../core/contract/methods';
import { localParts } from '../../core/time/localDate';
import { prepareMemberRecordReads, type MemberRecordReads } from '../../db/queries/memberRecords';
import { prepareInsert, preparer } from '../../db/prepared';
import type { ConsumptionTable, MemberConsentTable, MemberTable, MembershipEventTable, MembershipTable } from '../../db/schema';
import type { Actor, ServiceContext } from '../context';
import type { CardService } from './cardService';
import { cardDtoOf, memberSummaryOf } from './memberDtos';
import { checkRegistration, isDeviceMemberNoPrefix, MEMBER_NO_PREFIX_SETTING, nextMemberNo } from './registrationInput';
import { ID_CARD_INDEX_PURPOSE, sealEmergencyContact, sealMemberField } from './sealedFields';

type Insertable<T> = Omit<T, 'version'>;
type MemberRow = Omit<MemberTable, 'version' | 'preferred_courses'> & { preferred_courses: string };
type MembershipRow = Insertable<MembershipTable>;

const MEMBER_COLUMNS = [
  'id', 'member_no', 'name', 'gender', 'birthday', 'phone', 'phone_tail', 'home_branch_id', 'photo', 'medical_alert', 'fitness_goal',
  'created_at', 'updated_at', 'id_card_sealed', 'id_card_index', 'health_notes_sealed', 'emergency_contact_sealed', 'preferred_courses',
  'erased_at', 'registered_by',
] as const satisfies readonly (keyof MemberRow)[];
const MEMBERSHIP_COLUMNS = [
  'id', 'member_id', 'plan_name', 'starts_on', 'valid_until', 'status', 'created_at', 'updated_at', 'plan_code', 'frozen_from', 'frozen_until',
] as const satisfies readonly (keyof MembershipRow)[];
const EVENT_COLUMNS = [
  'id', 'membership_id', 'member_id', 'kind', 'occurred_at', 'staff_id', 'from_date', 'to_date', 'amount_fen', 'reason', 'ref_id',
] as const satisfies readonly (keyof MembershipEventTable)[];
const CONSUMPTION_COLUMNS = [
  'id', 'member_id', 'branch_id', 'occurred_at', 'category', 'amount_fen', 'receipt_no', 'note', 'source', 'import_id', 'staff_id', 'created_at',
] as const satisfies readonly (keyof ConsumptionTable)[];
const CONSENT_COLUMNS = ['id', 'member_id', 'kind', 'granted', 'text_version', 'recorded_at', 'staff_id'] as const satisfies readonly (keyof MemberConsentTable)[];

/** Member registration at the desk and the probable-duplicate check (PRODUCT.md §2). */
export class RegistrationService {
  private readonly reads: MemberRecordReads;
  private readonly numbering;
  private readonly insert;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly cards: CardService,
  ) {
    const sqlite = ctx.kdb.sqlite;
    this.reads = prepareMemberRecordReads(ctx.kdb);
    const q = preparer(sqlite, ctx.kdb.db);
    this.numbering = {
      prefix: q((db) => db.selectFrom('setting').select('value').where('key', '=', MEMBER_NO_PREFIX_SETTING)),
      /** The highest number matching a GLOB of one exact length: a backward step of the member_no index. */
      highest: q((db, pattern: string) => db.selectFrom('member').select('member_no').where(sql<boolean>`member_no GLOB ${pattern}`).orderBy('member_no', 'desc').limit(1)),
    };
    this.insert = {
      member: prepareInsert(sqlite, 'member', MEMBER_COLUMNS),
      membership: prepareInsert(sqlite, 'membership', MEMBERSHIP_COLUMNS),
      event: prepareInsert(sqlite, 'membership_event', EVENT_COLUMNS),
      consumption: prepareInsert(sqlite, 'consumption', CONSUMPTION_COLUMNS),
      consent: prepareInsert(sqlite, 'member_consent', CONSENT_COLUMNS),
    };
  }

  /**
   * The new member's number. Enrolled, this PC numbers under the prefix head office gave it
   * (`M0007` → M0007000001 …), which no other device uses, so numbers are unique chain-wide as
   * they are shown. Not enrolled (a standalone desk, the demo) it counts up from the highest
   * local number; head office renumbers such a number later if another branch has it.
   */
  private nextNo(): string {
    const prefix = this.numbering.prefix.get()?.value;
    if (prefix === undefined || !isDeviceMemberNoPrefix(prefix)) return nextMemberNo(this.reads.lastMemberNo.get()?.member_no ?? null);
    return nextMemberNo(this.lastUnder(prefix), prefix);
  }

  /** The highest number under `prefix`: 6 digits first, a longer count only once the shorter is full. */
  private lastUnder(prefix: string): string | null {
    let last: string | null = null;
    for (let width = 6; ; width++) {
      const top = this.numbering.highest.get(prefix + '[0-9]'.repeat(width))?.member_no ?? null;
      if (top === null) return last;
      last = top;
      if (top !== prefix + '9'.repeat(width)) return last;
    }
  }

  async findDuplicates(input: MethodInput<'members.findDuplicates'>, actor: Actor): Promise<MethodOutput<'members.findDuplicates'>> {
    void actor; // a read: the guard checked the permission, nothing is recorded
    return this.duplicates(input.phone ?? null, input.idCard ?? null);
  }

  /**
   * Everything of a registration in one transaction — member, consent, membership and its
   * history event, the payment, the card, the sync mutations and the audit row — so a refusal
   * anywhere (a card bound meanwhile, a duplicate) leaves nothing behind.
   */
  async register(input: MethodInput<'members.register'>, actor: Actor): Promise<MethodOutput<'members.register'>> {
    const nowDate = this.ctx.clock.now();
    const now = nowDate.toISOString();
    const checked = checkRegistration(input, localParts(nowDate, this.ctx.desk.timeZone).date);
    const { profile } = input;
    return this.ctx.kdb.sqlite.transaction(() => {
      const duplicates = this.duplicates(profile.phone, checked.idCard);
      if (duplicates.length > 0 && !input.acknowledgeDuplicates) {
        // Ids only: the desk fetches the summaries itself; an error carries no personal data.
        throw new KioskError('CONFLICT', 'probable duplicate members exist', duplicates.map((d) => ({ path: 'duplicates', message: d.id })));
      }
      const memberId = this.ctx.newId();
      const seal = (column: 'id_card_sealed' | 'health_notes_sealed', plain: string | null) =>
        plain === null ? null : sealMemberField(this.ctx.cipher, memberId, column, plain);
      const member: MemberRow = {
        id: memberId,
        member_no: this.nextNo(),
        name: profile.name,
        gender: profile.gender,
        birthday: profile.birthday,
        phone: profile.phone,
        phone_tail: profile.phone.slice(-4),
        home_branch_id: this.ctx.desk.branchId,
        photo: input.photoDataUrl,
        // Branches see only this flag, never the notes (SECURITY.md).
        medical_alert: checked.healthNotes !== null ? 1 : 0,
        fitness_goal: profile.fitnessGoal?.trim() || null,
        created_at: now,
        updated_at: now,
        id_card_sealed: seal('id_card_sealed', checked.idCard),
        id_card_index: checked.idCard === null ? null : this.ctx.cipher.blindIndex(checked.idCard, ID_CARD_INDEX_PURPOSE),
        health_notes_sealed: seal('health_notes_sealed', checked.healthNotes),
        emergency_contact_sealed: profile.emergencyContact ? sealEmergencyContact(this.ctx.cipher, memberId, profile.emergencyContact) : null,
        preferred_courses: JSON.stringify([...new Set(profile.preferredCourses)]),
        erased_at: null,
        registered_by: actor.staffId,
      };
      const membership: MembershipRow = {
        id: this.ctx.newId(),
        member_id: memberId,
        plan_name: checked.plan.nameZh,
        starts_on: input.plan.startsOn,
        valid_until: checked.validUntil,
        status: 'active',
        created_at: now,
        updated_at: now,
        plan_code: checked.plan.code,
        frozen_from: null,
        frozen_until: null,
      };
      const event: MembershipEventTable = {
        id: this.ctx.newId(),
        membership_id: membership.id,
        member_id: memberId,
        kind: 'created',
        occurred_at: now,
        staff_id: actor.staffId,
        from_date: membership.starts_on,
        to_date: membership.valid_until,
        amount_fen: input.plan.amountFen,
        reason: null,
        ref_id: null,
      };
      const payment: ConsumptionTable = {
        id: this.ctx.newId(),
        member_id: memberId,
        branch_id: this.ctx.desk.branchId,
        occurred_at: now,
        category: 'membership',
        amount_fen: input.plan.amountFen,
        receipt_no: null,
        note: null,
        source: 'desk',
        import_id: null,
        staff_id: actor.staffId,
        created_at: now,
      };
      const consent: MemberConsentTable = {
        id: this.ctx.newId(),
        member_id: memberId,
        kind: 'sensitive',
        granted: input.consent.sensitive ? 1 : 0,
        text_version: input.consent.textVersion,
        recorded_at: now,
        staff_id: actor.staffId,
      };
      this.insert.member(member);
      this.insert.consent(consent);
      this.insert.membership(membership);
      this.insert.event(event);
      this.insert.consumption(payment);
      // One intent, one mutation: head office creates the member with its first membership or
      // nothing. The blind index stays home (its key is never replicated); sealed values travel.
      const { id_card_index: _localIndex, ...memberArgs } = member;
      this.ctx.outbox.write('member.register', 1, { member: memberArgs, consent, membership, event, consumption: payment });
      // The card is its own mutation: head office decides card uniqueness and may reject it alone.
      const card = checked.cardUid === null ? null : this.cards.bindWithin(memberId, checked.cardUid, actor, now);
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'member.register',
        entity: 'member',
        entityId: memberId,
        details: {
          membershipId: membership.id,
          cardBindingId: card?.id ?? null,
          sensitiveConsent: input.consent.sensitive,
          duplicatesAcknowledged: duplicates.length,
        },
      });
      return { memberId, memberNo: member.member_no, membershipId: membership.id, card: card ? cardDtoOf(card) : null };
    })();
  }

  /** Members (not erased) with the same mobile number or the same ID-card number. */
  private duplicates(phone: string | null, idCard: string | null): DuplicateDto[] {
    const found = new Map<string, { row: { id: string; member_no: string; name: string; phone_tail: string }; on: DuplicateDto['matchedOn'] }>();
    const add = (rows: { id: string; member_no: string; name: string; phone_tail: string }[], on: 'phone' | 'idCard') => {
      for (const row of rows) {
        const seen = found.get(row.id);
        if (seen) seen.on.push(on);
        else found.set(row.id, { row, on: [on] });
      }
    };
    const phoneText = phone?.trim() ?? '';
    const idText = idCard?.trim() ?? '';
    if (phoneText !== '') add(this.reads.byPhone.all(phoneText), 'phone');
    // A lone surrogate cannot be an ID number (and the blind index refuses to hash one).
    if (idText !== '' && !/\p{Cs}/u.test(idText)) add(this.reads.byIdCardIndex.all(this.ctx.cipher.blindIndex(idText, ID_CARD_INDEX_PURPOSE)), 'idCard');
    return [...found.values()].map(({ row, on }) => ({ ...memberSummaryOf(this.ctx, row), matchedOn: on }));
  }
}
