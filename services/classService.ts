import type { ClassSessionDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import { nextClassIsFree } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { prepareInsert } from '../db/prepared';
import { findAttendance, getSession, sessionsBetween } from '../db/queries/classes';
import type { ClassAttendanceTable } from '../db/schema';
import { membershipEffectiveStatus } from './membership/membershipStore';
import type { ServiceContext } from './context';
import type { MemberPanelReader } from './memberPanel';

function toDto(row: {
  id: string;
  name: string;
  coach_name: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  attendees: number | null;
}): ClassSessionDto {
  return {
    id: row.id,
    name: row.name,
    coachName: row.coach_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    attendees: Number(row.attendees ?? 0),
  };
}

/** Group classes: today's timetable and class check-in against the monthly free quota. */
export class ClassService {
  private readonly insertAttendance;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly panels: MemberPanelReader,
    private readonly onDutyStaffId: () => string | null,
  ) {
    this.insertAttendance = prepareInsert(ctx.kdb.sqlite, 'class_attendance', [
      'id', 'member_id', 'session_id', 'branch_id', 'staff_id', 'attended_at', 'quota_month', 'used_free_quota',
    ]);
  }

  /** Classes from 12 hours ago to 24 hours ahead: covers "today" at any desk hour. */
  async today(): Promise<ClassSessionDto[]> {
    const now = this.ctx.clock.now().getTime();
    const rows = await sessionsBetween(
      this.ctx.kdb.db,
      this.ctx.desk.branchId,
      new Date(now - 12 * 3_600_000).toISOString(),
      new Date(now + 24 * 3_600_000).toISOString(),
    );
    return rows.map(toDto);
  }

  async checkIn(memberId: string, sessionId: string) {
    const db = this.ctx.kdb.db;
    const now = this.ctx.clock.now().toISOString();
    const local = localParts(now, this.ctx.desk.timeZone);
    // Throws NOT_FOUND for an unknown member; the membership and tier are read once, here.
    const { membership, tier } = this.panels.facts(memberId, now);
    const session = await getSession(db, sessionId);
    if (!session || session.branch_id !== this.ctx.desk.branchId) throw new KioskError('NOT_FOUND', 'class not found');
    // Group classes are a benefit of a valid membership: frozen, expired or not-yet-started
    // memberships cannot book one (the desk admits such a member only by an override).
    const status = membership
      ? membershipEffectiveStatus(membership, local.date)
      : 'none';
    if (status !== 'active') throw new KioskError('CONFLICT', 'membership is not active', [{ path: 'membership', message: status }]);
    if (await findAttendance(db, memberId, sessionId)) {
      throw new KioskError('CONFLICT', 'member is already checked in to this class', [{ path: 'session', message: 'already_checked_in' }]);
    }
    if (Number(session.attendees ?? 0) >= session.capacity) throw new KioskError('CONFLICT', 'class is full', [{ path: 'session', message: 'full' }]);

    const before = this.panels.quota(memberId, tier?.code ?? null, now);
    const free = nextClassIsFree(before);
    const row: ClassAttendanceTable = {
      id: this.ctx.newId(),
      member_id: memberId,
      session_id: sessionId,
      branch_id: this.ctx.desk.branchId,
      staff_id: this.onDutyStaffId(),
      attended_at: now,
      quota_month: local.month,
      used_free_quota: free ? 1 : 0,
    };
    this.ctx.kdb.sqlite.transaction(() => {
      this.insertAttendance(row);
      this.ctx.outbox.write('class_attendance.record', 1, { ...row });
    })();
    const after = this.panels.quota(memberId, tier?.code ?? null, now);
    return {
      attendanceId: row.id,
      usedFreeQuota: free,
      quota: after,
      session: toDto({ ...session, attendees: Number(session.attendees ?? 0) + 1 }),
    };
  }
}
