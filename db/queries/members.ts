import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../schema';

export interface MemberSearchRow {
  id: string;
  member_no: string;
  name: string;
  phone_tail: string;
}

/**
 * Search by member number (exact or prefix), phone tail (last 4 digits) or name (prefix, or
 * substring for short lists). Every branch uses an index; LIKE patterns are escaped. Members
 * erased on request are never found: their row stays only to anchor the anonymised history.
 */
export async function searchMembers(db: Kysely<DB>, query: string, limit: number): Promise<MemberSearchRow[]> {
  const q = query.trim();
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const cols = ['id', 'member_no', 'name', 'phone_tail'] as const;
  const live = () => db.selectFrom('member').select(cols).where('erased_at', 'is', null);
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
    push(await live().where('phone_tail', '=', q).orderBy('name').limit(limit).execute());
  }
  if (/^[A-Za-z0-9-]+$/.test(q)) {
    push(
      await live()
        .where('member_no', '>=', q.toUpperCase())
        .where('member_no', '<', `${q.toUpperCase()}\uffff`)
        .orderBy('member_no')
        .limit(limit)
        .execute(),
    );
  }
  if (results.length < limit) {
    push(
      await live()
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
      await live()
        .where(sql<boolean>`name LIKE ${`%${escaped}%`} ESCAPE '\\'`)
        .orderBy('name')
        .limit(limit)
        .execute(),
    );
  }
  return results;
}
