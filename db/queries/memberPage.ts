import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** How far back the member page lists visits and consumption (the rest is in reports). */
export const PAGE_LIST_LIMIT = 50;

/** The staff member page's reads: history lists newest first, staff names joined for display. */

export async function membershipsOf(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('membership')
    .select(['id', 'plan_code', 'plan_name', 'starts_on', 'valid_until', 'status', 'frozen_from', 'frozen_until'])
    .where('member_id', '=', memberId)
    .orderBy('starts_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function membershipEventsOf(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('membership_event as e')
    .leftJoin('staff as s', 's.id', 'e.staff_id')
    .select(['e.id', 'e.membership_id', 'e.kind', 'e.occurred_at', 's.name as staff_name', 'e.from_date', 'e.to_date', 'e.amount_fen', 'e.reason', 'e.ref_id'])
    .where('e.member_id', '=', memberId)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

export async function cardsOf(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('card_binding')
    .select(['id', 'card_uid', 'member_id', 'status', 'bound_at', 'ended_at'])
    .where('member_id', '=', memberId)
    .orderBy('bound_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function visitsOf(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('visit')
    .select(['id', 'occurred_at', 'source', 'admitted', 'color', 'branch_id', 'overridden_at'])
    .where('member_id', '=', memberId)
    .orderBy('occurred_at', 'desc')
    .limit(PAGE_LIST_LIMIT)
    .execute();
}

export async function consumptionOf(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('consumption as c')
    .leftJoin('staff as s', 's.id', 'c.staff_id')
    .select(['c.id', 'c.occurred_at', 'c.category', 'c.amount_fen', 'c.receipt_no', 'c.note', 'c.source', 's.name as staff_name'])
    .where('c.member_id', '=', memberId)
    .orderBy('c.occurred_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(PAGE_LIST_LIMIT)
    .execute();
}

/** Deletion requests with the member's number and (stored) name and the staff names. */
function deletionRequests(db: Kysely<DB>) {
  return db
    .selectFrom('deletion_request as d')
    .innerJoin('member as m', 'm.id', 'd.member_id')
    .leftJoin('staff as rq', 'rq.id', 'd.requested_by')
    .leftJoin('staff as dc', 'dc.id', 'd.decided_by')
    .select([
      'd.id',
      'd.member_id',
      'm.member_no',
      'm.name as member_name',
      'd.reason',
      'd.requested_at',
      'rq.name as requested_by_name',
      'd.status',
      'd.decided_at',
      'dc.name as decided_by_name',
      'd.note',
    ]);
}

export type DeletionRequestRow = Awaited<ReturnType<ReturnType<typeof deletionRequests>['execute']>>[number];

export async function deletionRequestById(db: Kysely<DB>, requestId: string) {
  return deletionRequests(db).where('d.id', '=', requestId).executeTakeFirst();
}

export async function latestDeletionRequestOf(db: Kysely<DB>, memberId: string) {
  return deletionRequests(db).where('d.member_id', '=', memberId).orderBy('d.requested_at', 'desc').orderBy('d.id', 'desc').limit(1).executeTakeFirst();
}

export async function pendingDeletionRequests(db: Kysely<DB>) {
  return deletionRequests(db).where('d.status', '=', 'pending').orderBy('d.requested_at').orderBy('d.id').execute();
}
