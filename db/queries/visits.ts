import type { Kysely } from 'kysely';
import type { DB, VisitTable } from '../schema';

export async function lastAdmittedVisit(db: Kysely<DB>, memberId: string) {
  return db
    .selectFrom('visit')
    .select(['id', 'occurred_at', 'tier_code'])
    .where('member_id', '=', memberId)
    .where('admitted', '=', 1)
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function recentVisits(db: Kysely<DB>, memberId: string, limit: number) {
  return db
    .selectFrom('visit')
    .select(['id', 'occurred_at', 'source', 'admitted', 'color', 'branch_id', 'overridden_at'])
    .where('member_id', '=', memberId)
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
}

export async function getVisit(db: Kysely<DB>, visitId: string) {
  return db.selectFrom('visit').selectAll().where('id', '=', visitId).executeTakeFirst();
}

export async function insertVisit(db: Kysely<DB>, row: VisitTable): Promise<void> {
  await db.insertInto('visit').values(row).execute();
}
