import { sql } from 'kysely';
import type { KioskDatabase } from '../connection';
import { preparer } from '../prepared';

/**
 * The reads of the check-in path and the member panel, compiled once per database (see
 * prepared.ts). Synchronous: better-sqlite3 answers from the page cache in microseconds.
 */
export function prepareDeskReads(kdb: KioskDatabase) {
  const q = preparer(kdb.sqlite, kdb.db);
  const cardColumns = ['id', 'card_uid', 'member_id', 'status'] as const;
  return {
    /** The newest binding of a card, whatever its status (a lost card must still be recognised). */
    cardByUid: q((db, uid: string) =>
      db.selectFrom('card_binding').select(cardColumns).where('card_uid', '=', uid).orderBy('bound_at', 'desc').limit(1),
    ),
    cardByW26: q((db, w26: string) =>
      db.selectFrom('card_binding').select(cardColumns).where('w26_key', '=', w26).orderBy('bound_at', 'desc').limit(1),
    ),
    member: q((db, memberId: string) => db.selectFrom('member').selectAll().where('id', '=', memberId)),
    /** The membership that covers today, else the one ending last; with its freeze window, which decides whether a stored 'frozen' holds today. */
    membership: q((db, memberId: string, today: string) =>
      db
        .selectFrom('membership')
        .select(['id', 'plan_name', 'starts_on', 'valid_until', 'status', 'frozen_from', 'frozen_until'])
        .where('member_id', '=', memberId)
        .orderBy(sql`CASE WHEN starts_on <= ${today} AND valid_until >= ${today} THEN 0 ELSE 1 END`)
        .orderBy('valid_until', 'desc')
        .limit(1),
    ),
    /** The tier result in force at `now` (provisional results have a later effective time). */
    tier: q((db, memberId: string, now: string) =>
      db
        .selectFrom('member_tier')
        .select(['tier_code', 'score', 'quarter', 'effective_at'])
        .where('member_id', '=', memberId)
        .where('effective_at', '<=', now)
        .orderBy('effective_at', 'desc')
        .limit(1),
    ),
    lastAdmittedVisit: q((db, memberId: string) =>
      db
        .selectFrom('visit')
        .select(['id', 'occurred_at', 'tier_code'])
        .where('member_id', '=', memberId)
        .where('admitted', '=', 1)
        .orderBy('occurred_at', 'desc')
        .limit(1),
    ),
    recentVisits: q((db, memberId: string) =>
      db
        .selectFrom('visit')
        .select(['id', 'occurred_at', 'source', 'admitted', 'color', 'branch_id', 'overridden_at'])
        .where('member_id', '=', memberId)
        .orderBy('occurred_at', 'desc')
        .limit(5),
    ),
    visit: q((db, visitId: string) => db.selectFrom('visit').selectAll().where('id', '=', visitId)),
    freeClassesUsed: q((db, memberId: string, month: string) =>
      db
        .selectFrom('class_attendance')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('member_id', '=', memberId)
        .where('quota_month', '=', month)
        .where('used_free_quota', '=', 1),
    ),
  };
}

export type DeskReads = ReturnType<typeof prepareDeskReads>;
