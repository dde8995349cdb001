import { KioskError } from '../../core/contract/errors';
import { COURSE_TYPES, type MemberPageDto, type RevealField } from '../../core/contract/memberDto';
import { maskIdCard, maskName, maskPhone } from '../../core/members/masking';
import { isTierCode } from '../../core/tiers/catalog';
import { localParts } from '../../core/time/localDate';
import { branchNames } from '../../db/queries/desk';
import {
  cardsOf,
  consumptionOf,
  latestDeletionRequestOf,
  membershipEventsOf,
  membershipsOf,
  visitsOf,
} from '../../db/queries/memberPage';
import { prepareMemberRecordReads, type MemberRecord, type MemberRecordReads } from '../../db/queries/memberRecords';
import type { Actor, ServiceContext } from '../context';
import { FieldDecryptError } from '../privacy/fieldCipher';
import { cardDtoOf, deletionRequestDtoOf, membershipDtoOf, pendingRefunds } from './memberDtos';
import { openEmergencyContact, openMemberField } from './sealedFields';

type Profile = MemberPageDto['profile'];
type CourseType = Profile['preferredCourses'][number];

/** Shown instead of a mask when a sealed value cannot be opened (damaged, or another key). */
const UNREADABLE = '****';

/** The member page for staff (masked by default) and the audited reveal of one field. */
export class MemberPageService {
  private readonly reads: MemberRecordReads;

  constructor(private readonly ctx: ServiceContext) {
    this.reads = prepareMemberRecordReads(ctx.kdb);
  }

  async page(memberId: string, actor: Actor): Promise<MemberPageDto> {
    void actor; // reading a masked page is not audited; the reveal is
    const member = this.reads.member.get(memberId);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    const db = this.ctx.kdb.db;
    const now = this.ctx.clock.now().toISOString();
    const today = localParts(now, this.ctx.desk.timeZone).date;
    const consent = this.reads.latestSensitiveConsent.get(memberId);
    const [branches, memberships, events, cards, visits, consumption, deletion] = await Promise.all([
      branchNames(db),
      membershipsOf(db, memberId),
      membershipEventsOf(db, memberId),
      cardsOf(db, memberId),
      visitsOf(db, memberId),
      consumptionOf(db, memberId),
      latestDeletionRequestOf(db, memberId),
    ]);
    const refunds = pendingRefunds(events);
    const tier = this.ctx.reads.tier.get(memberId, now);
    return {
      profile: {
        ...this.maskedProfile(member),
        homeBranchName: branches.get(member.home_branch_id) ?? '',
        sensitiveConsent: consent ? { granted: consent.granted === 1, textVersion: consent.text_version, recordedAt: consent.recorded_at } : null,
      },
      tier: tier && isTierCode(tier.tier_code) ? tier.tier_code : null,
      memberships: memberships.map((m) => membershipDtoOf(m, today, refunds.get(m.id) ?? null)),
      history: events.map((e) => ({
        id: e.id,
        membershipId: e.membership_id,
        kind: e.kind,
        occurredAt: e.occurred_at,
        staffName: e.staff_name,
        fromDate: e.from_date,
        toDate: e.to_date,
        amountFen: e.amount_fen,
        reason: e.reason,
      })),
      cards: cards.map(cardDtoOf),
      visits: visits.map((v) => ({
        id: v.id,
        occurredAt: v.occurred_at,
        source: v.source,
        admitted: v.admitted === 1,
        color: v.color,
        branchName: branches.get(v.branch_id) ?? '',
        overridden: v.overridden_at !== null,
      })),
      consumption: consumption.map((c) => ({
        id: c.id,
        occurredAt: c.occurred_at,
        category: c.category,
        amountFen: c.amount_fen,
        receiptNo: c.receipt_no,
        note: c.note,
        source: c.source,
        staffName: c.staff_name,
      })),
      deletion: deletion ? deletionRequestDtoOf(deletion) : null,
    };
  }

  /**
   * One field in full. The audit row is written in the same transaction as the read, and before
   * the value leaves the service: no reveal without its record.
   */
  async reveal(memberId: string, field: RevealField, actor: Actor): Promise<{ field: RevealField; value: string | null }> {
    return this.ctx.kdb.sqlite.transaction(() => {
      const member = this.reads.member.get(memberId);
      if (!member) throw new KioskError('NOT_FOUND', 'member not found');
      if (member.erased_at !== null) throw new KioskError('CONFLICT', 'the member was erased on request', [{ path: 'memberId', message: 'member_erased' }]);
      const value = this.plain(member, field);
      this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action: 'member.reveal', entity: 'member', entityId: memberId, details: { field } });
      return { field, value };
    })();
  }

  private plain(member: MemberRecord, field: RevealField): string | null {
    const { cipher } = this.ctx;
    switch (field) {
      case 'phone':
        return member.phone === '' ? null : member.phone;
      case 'idCard':
        return openMemberField(cipher, member.id, 'id_card_sealed', member.id_card_sealed);
      case 'healthNotes':
        return openMemberField(cipher, member.id, 'health_notes_sealed', member.health_notes_sealed);
      case 'emergencyContact': {
        const contact = openEmergencyContact(cipher, member.id, member.emergency_contact_sealed);
        return contact ? `${contact.name} ${contact.phone}` : null;
      }
    }
  }

  private maskedProfile(m: MemberRecord): Omit<Profile, 'homeBranchName' | 'sensitiveConsent'> {
    const { cipher } = this.ctx;
    const idCard = readable(() => openMemberField(cipher, m.id, 'id_card_sealed', m.id_card_sealed));
    const contact = readable(() => openEmergencyContact(cipher, m.id, m.emergency_contact_sealed));
    return {
      id: m.id,
      memberNo: m.member_no,
      name: m.name,
      gender: m.gender,
      birthday: m.birthday,
      phoneMasked: maskPhone(m.phone),
      idCardMasked: idCard === UNREADABLE ? UNREADABLE : idCard === null ? null : maskIdCard(idCard),
      hasHealthNotes: m.health_notes_sealed !== null,
      emergencyContactMasked:
        contact === UNREADABLE ? UNREADABLE : contact === null ? null : `${maskName(contact.name)} ${maskPhone(contact.phone)}`,
      fitnessGoal: m.fitness_goal,
      preferredCourses: courses(m.preferred_courses),
      photoDataUrl: m.photo,
      medicalAlert: m.medical_alert === 1,
      createdAt: m.created_at,
      erasedAt: m.erased_at,
    };
  }
}

/** A sealed value for masking; UNREADABLE rather than a blank page when it cannot be opened. */
function readable<T>(open: () => T): T | typeof UNREADABLE {
  try {
    return open();
  } catch (error) {
    if (error instanceof FieldDecryptError) return UNREADABLE;
    throw error;
  }
}

/** Stored course keys, dropping any this build does not know (written by a newer version). */
function courses(json: string): CourseType[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((c): c is CourseType => (COURSE_TYPES as readonly unknown[]).includes(c));
  } catch {
    return [];
  }
}
