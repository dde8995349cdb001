import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../schema';

/** The newest binding of a card, whatever its status (a lost card must still be recognised). */
export async function findCardByUid(db: Kysely<DB>, uid: string) {
  return db
    .selectFrom('card_binding')
    .select(['id', 'card_uid', 'member_id', 'status'])
    .where('card_uid', '=', uid)
    .orderBy('bound_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findCardByW26(db: Kysely<DB>, w26: string) {
  return db
    .selectFrom('card_binding')
    .select(['id', 'card_uid', 'member_id', 'status'])
    .where('w26_key', '=', w26)
    .orderBy('bound_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function getMember(db: Kysely<DB>, memberId: string) {
  return db.selectFrom('member').selectAll().where('id', '=', memberId).executeTakeFirst();
}

/** The membership that covers today, else the one ending last. */
export async function currentMembership(db: Kysely<DB>, memberId: string, today: string) {
  return db
    .selectFrom('membership')
    .select(['id', 'plan_name', 'starts_on', 'valid_until', 'status'])
    .where('member_id', '=', memberId)
    .orderBy(sql`CASE WHEN starts_on <= ${today} AND valid_until >= ${today} THEN 0 ELSE 1 END`)
    .orderBy('valid_until', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The tier result in force at `now` (provisional results have a later effective time). */
export async function currentTier(db: Kysely<DB>, memberId: string, now: string) {
  return db
    .selectFrom('member_tier')
    .select(['tier_code', 'score', 'quarter', 'effective_at'])
    .where('member_id', '=', memberId)
    .where('effective_at', '<=', now)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface MemberSearchRow {
  id: string;
  member_no: string;
  name: string;
  phone_tail: string;
}

/**
 * Search by member number (exact or prefix), phone tail (last 4 digits) or name (prefix, or
 * substring for short lists). Every branch uses an index; LIKE patterns are escaped.
 */
export async function searchMembers(db: Kysely<DB>, query: string, limit: number): Promise<MemberSearchRow[]> {
  const q = query.trim();
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const cols = ['id', 'member_no', 'name', 'phone_tail'] as const;
  const results: MemberSearchRow[] = [];
  const seen = new Set<string>();
  const push = (rows: MemberSearchRow[]) => {
    for (const r of rows) {
      if (seen.has(r.id) || results.length >= limit) continue;
      seen.add(r.id);
      results.push(r);
    }
  };
  if (/^\d{4}$/.test(q)) {
    push(await db.selectFrom('member').select(cols).where('phone_tail', '=', q).orderBy('name').limit(limit).execute());
  }
  if (/^[A-Za-z0-9-]+$/.test(q)) {
    push(
      await db
        .selectFrom('member')
        .select(cols)
        .where('member_no', '>=', q.toUpperCase())
        .where('member_no', '<', `${q.toUpperCase()}\uffff`)
        .orderBy('member_no')
        .limit(limit)
        .execute(),
    );
  }
  if (results.length < limit) {
    push(
      await db
        .selectFrom('member')
        .select(cols)
        .where('name', '>=', q)
        .where('name', '<', `${q}\uffff`)
        .orderBy('name')
        .limit(limit)
        .execute(),
    );
  }
  if (results.length < limit && q.length >= 1 && !/^\d+$/.test(q)) {
    // Substring match on the name (e.g. a given name without the family name); bounded scan.
    push(
      await db
        .selectFrom('member')
        .select(cols)
        .where(sql<boolean>`name LIKE ${`%${escaped}%`} ESCAPE '\\'`)
        .orderBy('name')
        .limit(limit)
        .execute(),
    );
  }
  return results;
}
