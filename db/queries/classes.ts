import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** A class session with its head count, the shape both the timetable and a check-in read. */
function sessionsWithAttendees(db: Kysely<DB>) {
  return db
    .selectFrom('class_session as s')
    .select((eb) => [
      's.id',
      's.branch_id',
      's.name',
      's.coach_name',
      's.starts_at',
      's.ends_at',
      's.capacity',
      eb.selectFrom('class_attendance as a').select(eb.fn.countAll<number>().as('n')).whereRef('a.session_id', '=', 's.id').as('attendees'),
    ]);
}

export async function sessionsBetween(db: Kysely<DB>, branchId: string, fromIso: string, toIso: string) {
  return sessionsWithAttendees(db)
    .where('s.branch_id', '=', branchId)
    .where('s.starts_at', '>=', fromIso)
    .where('s.starts_at', '<', toIso)
    .orderBy('s.starts_at')
    .execute();
}

export async function getSession(db: Kysely<DB>, sessionId: string) {
  return sessionsWithAttendees(db).where('s.id', '=', sessionId).executeTakeFirst();
}

export async function findAttendance(db: Kysely<DB>, memberId: string, sessionId: string) {
  return db.selectFrom('class_attendance').select('id').where('member_id', '=', memberId).where('session_id', '=', sessionId).executeTakeFirst();
}
