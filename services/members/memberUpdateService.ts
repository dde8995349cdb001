import { KioskError } from '../../core/contract/errors';
import type { MemberPageDto } from '../../core/contract/memberDto';
import type { MethodInput } from '../../core/contract/methods';
import { localParts } from '../../core/time/localDate';
import { prepareMemberRecordReads, type MemberRecord, type MemberRecordReads } from '../../db/queries/memberRecords';
import { prepareInsert } from '../../db/prepared';
import type { MemberConsentTable } from '../../db/schema';
import type { Actor, ServiceContext } from '../context';
import { prepareOutboxScrub, SENSITIVE_KEYS } from './erasure';
import { columnChanges, CONSENT_REQUIRED, normaliseChanges, setsSensitive, type EditableColumns } from './memberChanges';
import type { MemberPageService } from './memberPageService';

const CONSENT_COLUMNS = ['id', 'member_id', 'kind', 'granted', 'text_version', 'recorded_at', 'staff_id'] as const satisfies readonly (keyof MemberConsentTable)[];

/**
 * A manager's correction of a member's profile (更正, PIPL Art. 46), and the withdrawal of the
 * separate consent for sensitive data (Art. 15), which deletes the ID number and health notes.
 */
export class MemberUpdateService {
  private readonly reads: MemberRecordReads;
  private readonly insertConsent;
  private readonly scrubOutbox;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly pages: MemberPageService,
  ) {
    const sqlite = ctx.kdb.sqlite;
    this.reads = prepareMemberRecordReads(ctx.kdb);
    this.insertConsent = prepareInsert(sqlite, 'member_consent', CONSENT_COLUMNS);
    this.scrubOutbox = prepareOutboxScrub(sqlite);
  }

  /**
   * Checks, then writes the changed columns, the consent answer, one sync mutation and one audit
   * row in one transaction, so a refusal (a duplicate, a missing consent) leaves nothing behind.
   * Only what differs from the stored value counts as changed; a call that changes nothing and
   * records no consent writes nothing. Answers the member page, masked.
   */
  async update(input: MethodInput<'members.update'>, actor: Actor): Promise<MemberPageDto> {
    const nowDate = this.ctx.clock.now();
    const now = nowDate.toISOString();
    const changes = normaliseChanges(input, localParts(nowDate, this.ctx.desk.timeZone).date);
    const { memberId, consent } = input;
    const withdraw = consent?.sensitive === false;
    this.ctx.kdb.sqlite.transaction(() => {
      const member = this.reads.member.get(memberId);
      if (!member) throw new KioskError('NOT_FOUND', 'member not found');
      if (member.erased_at !== null) throw new KioskError('CONFLICT', 'the member was erased on request', [{ path: 'memberId', message: 'member_erased' }]);
      // PIPL Art. 29: a sensitive value needs the member's separate consent, in force or given now.
      if (setsSensitive(changes) && consent?.sensitive !== true && this.reads.latestSensitiveConsent.get(memberId)?.granted !== 1) {
        throw new KioskError('INVALID_INPUT', 'the ID number and health notes need the member’s separate consent', [{ path: 'consent.sensitive', message: CONSENT_REQUIRED }]);
      }
      const { set, fields } = columnChanges(member, changes, withdraw, this.ctx.cipher);
      const duplicates = this.duplicatesOf(member, set);
      if (duplicates.length > 0 && input.acknowledgeDuplicates !== true) {
        // Ids only: the desk fetches the member numbers itself; an error carries no personal data.
        throw new KioskError('CONFLICT', 'another member has the same phone or ID number', duplicates.map((id) => ({ path: 'duplicates', message: id })));
      }
      if (fields.length === 0 && !consent) return;

      const version = member.version + 1;
      this.writeMember(memberId, set, now);
      const consentRow: MemberConsentTable | null = consent
        ? {
            id: this.ctx.newId(),
            member_id: memberId,
            kind: 'sensitive',
            granted: consent.sensitive ? 1 : 0,
            text_version: consent.textVersion,
            recorded_at: now,
            staff_id: actor.staffId,
          }
        : null;
      if (consentRow) this.insertConsent(consentRow);
      // A withdrawal deletes the sealed values from queued and sent mutations too: nothing of
      // them may stay in the database file (the blind index never travels; scrubbed anyway).
      const outboxScrubbed = withdraw ? this.scrubOutbox(memberId, SENSITIVE_KEYS) : 0;
      // Sealed values only, never the blind index (its key stays home) nor plaintext.
      const { id_card_index: _localIndex, ...columns } = set;
      this.ctx.outbox.write('member.update', 1, { memberId, set: columns, consent: consentRow, updatedAt: now, version });
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'member.update',
        entity: 'member',
        entityId: memberId,
        details: {
          // Field names only (the audit log holds no values); joined, as details are scalars.
          fields: fields.join(','),
          sensitiveConsent: consent ? (consent.sensitive ? 'granted' : 'withdrawn') : null,
          duplicatesAcknowledged: duplicates.length,
          outboxScrubbed,
        },
      });
    })();
    return this.pages.page(memberId, actor);
  }

  /** The changed columns, updated_at and version + 1 (the SET list names only known columns). */
  private writeMember(memberId: string, set: Partial<EditableColumns>, now: string): void {
    const columns = Object.keys(set) as (keyof EditableColumns)[];
    const assignments = [...columns.map((c) => `"${c}" = @${c}`), 'updated_at = @updated_at', 'version = version + 1'];
    const result = this.ctx.kdb.sqlite
      .prepare(`UPDATE member SET ${assignments.join(', ')} WHERE id = @id AND erased_at IS NULL`)
      .run({ ...set, updated_at: now, id: memberId });
    if (result.changes !== 1) throw new KioskError('CONFLICT', 'the member was erased on request', [{ path: 'memberId', message: 'member_erased' }]);
  }

  /** Other members (not erased) with the new phone or the new ID number. */
  private duplicatesOf(member: MemberRecord, set: Partial<EditableColumns>): string[] {
    const ids = new Set<string>();
    if (set.phone !== undefined) for (const row of this.reads.byPhone.all(set.phone)) ids.add(row.id);
    if (set.id_card_index) for (const row of this.reads.byIdCardIndex.all(set.id_card_index)) ids.add(row.id);
    ids.delete(member.id);
    return [...ids];
  }
}
