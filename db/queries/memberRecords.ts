import { sql } from 'kysely';
import type { KioskDatabase } from '../connection';
import { preparer } from '../prepared';

/**
 * The reads that registration, cards and deletion make inside their write transactions:
 * synchronous (better-sqlite3) so a check and the write it guards are one atomic step.
 * Erased members are excluded wherever a match would bring them back into use.
 */
export function prepareMemberRecordReads(kdb: KioskDatabase) {
  const q = preparer(kdb.sqlite, kdb.db);
  const summary = ['id', 'member_no', 'name', 'phone_tail'] as const;
  const card = ['id', 'card_uid', 'member_id', 'status', 'bound_at', 'ended_at'] as const;
  return {
    member: q((db, memberId: string) => db.selectFrom('member').selectAll().where('id', '=', memberId)),
    /** Probable duplicates: same mobile number (stored in plaintext, it is the desk's contact). */
    byPhone: q((db, phone: string) => db.selectFrom('member').select(summary).where('phone', '=', phone).where('erased_at', 'is', null).orderBy('member_no')),
    /** Probable duplicates: same ID-card number, by its keyed blind index. */
    byIdCardIndex: q((db, index: string) =>
      db.selectFrom('member').select(summary).where('id_card_index', '=', index).where('erased_at', 'is', null).orderBy('member_no'),
    ),
    /**
     * The highest numeric member number ('M' + digits only); longer is larger, so numbers keep
     * counting past M999999 without a reformat.
     */
    lastMemberNo: q((db) =>
      db
        .selectFrom('member')
        .select('member_no')
        .where(sql<boolean>`member_no GLOB 'M[0-9]*' AND substr(member_no, 2) NOT GLOB '*[^0-9]*'`)
        .orderBy(sql`length(member_no)`, 'desc')
        .orderBy('member_no', 'desc')
        .limit(1),
    ),
    /** The member's newest answer to the separate consent for sensitive data (the member page's and the edit's). */
    latestSensitiveConsent: q((db, memberId: string) =>
      db
        .selectFrom('member_consent')
        .select(['granted', 'text_version', 'recorded_at'])
        .where('member_id', '=', memberId)
        .where('kind', '=', 'sensitive')
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    ),
    binding: q((db, bindingId: string) => db.selectFrom('card_binding').select(card).where('id', '=', bindingId)),
    activeCardOfMember: q((db, memberId: string) =>
      db.selectFrom('card_binding').select(card).where('member_id', '=', memberId).where('status', '=', 'active').limit(1),
    ),
    activeCardByUid: q((db, uid: string) => db.selectFrom('card_binding').select(card).where('card_uid', '=', uid).where('status', '=', 'active').limit(1)),
    deletionRequest: q((db, requestId: string) => db.selectFrom('deletion_request').selectAll().where('id', '=', requestId)),
    pendingDeletionOf: q((db, memberId: string) =>
      db.selectFrom('deletion_request').select('id').where('member_id', '=', memberId).where('status', '=', 'pending').limit(1),
    ),
  };
}

export type MemberRecordReads = ReturnType<typeof prepareMemberRecordReads>;
export type MemberRecord = NonNullable<ReturnType<MemberRecordReads['member']['get']>>;
export type CardRecord = NonNullable<ReturnType<MemberRecordReads['binding']['get']>>;
export type DeletionRecord = NonNullable<ReturnType<MemberRecordReads['deletionRequest']['get']>>;
