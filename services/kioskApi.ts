import { KioskError } from '../core/contract/errors';
import type { KioskApi } from '../core/contract/methods';
import type { DeskStateDto } from '../core/contract/staffDto';
import { PLANS } from '../core/membership/plans';
import { permissionsOf, type Permission } from '../core/staff/permissions';
import type { AuditReader } from './audit/auditReader';
import type { CheckinService } from './checkinService';
import type { ClassService } from './classService';
import type { ConsumptionService } from './consumption/consumptionService';
import type { Actor } from './context';
import type { DeskService } from './deskService';
import type { MemberPanelReader } from './memberPanel';
import type { MemberSearch } from './memberSearch';
import type { CardService } from './members/cardService';
import type { DeletionService } from './members/deletionService';
import type { MemberPageService } from './members/memberPageService';
import type { MemberUpdateService } from './members/memberUpdateService';
import type { RegistrationService } from './members/registrationService';
import type { MembershipService } from './membership/membershipService';
import type { Clock } from './ports';
import { WEDGE_READER_ID, type ReaderRegistry } from './readerRegistry';
import type { DeskState, StaffAuth } from './staff/staffAuth';
import type { SyncService } from './sync/enrollment';

export interface KioskServices {
  clock: Clock;
  auth: StaffAuth;
  desk: DeskService;
  checkin: CheckinService;
  classes: ClassService;
  search: MemberSearch;
  panels: MemberPanelReader;
  readers: ReaderRegistry;
  audit: AuditReader;
  registration: RegistrationService;
  cards: CardService;
  pages: MemberPageService;
  profiles: MemberUpdateService;
  deletion: DeletionService;
  membership: MembershipService;
  consumption: ConsumptionService;
  sync: SyncService;
  lockAfterMs: number;
}

export function deskStateDto(state: DeskState, lockAfterMs: number): DeskStateDto {
  if (state.status === 'signedOut') return { status: 'signedOut' };
  if (state.status === 'locked') {
    return { status: 'locked', staff: { id: state.staffId, name: state.name, role: state.role }, lockedAt: state.lockedAt };
  }
  const { session } = state;
  return {
    status: 'active',
    staff: { id: session.staffId, name: session.name, role: session.role },
    sessionId: session.id,
    signedInAt: session.signedInAt,
    permissions: permissionsOf(session.role),
    lockAfterMs,
  };
}

/**
 * Every contract method, each behind its permission check (SECURITY.md: authorisation lives in
 * the services, never only in hidden buttons). Staff-initiated actions need a live session and
 * count as activity; what a member starts (a card tap) only needs a staff member on duty, so a
 * locked desk still admits the queue.
 */
export function buildKioskApi(s: KioskServices): KioskApi {
  const { auth } = s;
  const act = (permission: Permission): Actor => {
    const session = auth.require(permission);
    auth.touch(session.id);
    return { staffId: session.staffId, name: session.name, role: session.role };
  };
  /** Any live session, whatever the role (reading the timetable, one's own PIN). */
  const signedIn = (): Actor => {
    const session = auth.current();
    if (!session) throw new KioskError('NO_STAFF_ON_DUTY', 'sign in with a PIN to continue');
    auth.touch(session.id);
    return { staffId: session.staffId, name: session.name, role: session.role };
  };
  const state = () => deskStateDto(auth.deskState(), s.lockAfterMs);

  return {
    'desk.info': () => s.desk.info(),
    'checkin.card': async ({ card, format, readerId }) => {
      auth.onDuty('checkin.card');
      if (!readerId || readerId === WEDGE_READER_ID) s.readers.noteWedgeRead();
      return s.checkin.byCard(card, format);
    },
    'checkin.member': async ({ memberId }) => {
      act('checkin.manual');
      return s.checkin.byMember(memberId);
    },
    'checkin.override': async ({ visitId, reason, approver }) => {
      if (approver) {
        // Reception holds the desk; a manager vouches with their own PIN.
        act('checkin.manual');
        const approved = await auth.approve(approver.staffId, approver.pin, 'checkin.override', 'checkin.override');
        return s.checkin.override(visitId, reason, approved.staffId);
      }
      return s.checkin.override(visitId, reason, act('checkin.override').staffId);
    },
    'members.search': async ({ query, limit }) => {
      act('members.read');
      return s.search.search(query, limit ?? 20);
    },
    'members.panel': async ({ memberId }) => {
      act('members.read');
      return s.panels.read(memberId, s.clock.now().toISOString());
    },
    'classes.today': async () => {
      signedIn();
      return s.classes.today();
    },
    'classes.checkIn': async ({ memberId, sessionId }) => {
      act('classes.checkIn');
      return s.classes.checkIn(memberId, sessionId);
    },
    // The reader list is hardware state, needed by the lock screen's card capture too.
    'readers.list': async () => s.readers.list(),
    'readers.configure': async ({ readerId, format }) => {
      act('checkin.card');
      return s.readers.configure(readerId, format);
    },

    'staff.state': async () => state(),
    'staff.signIn': async ({ staffId, pin }) => {
      const result = await auth.signIn(staffId, pin);
      if (!result.ok) return result;
      return { ok: true, state: state() };
    },
    'staff.signOut': async () => {
      auth.signOut();
      return state();
    },
    'staff.lock': async () => {
      auth.lock();
      return state();
    },
    'staff.touch': async () => {
      const session = auth.current();
      if (session) auth.touch(session.id);
      return state();
    },
    'staff.setPin': async ({ staffId, pin, currentPin }) => {
      // Own PIN for anyone signed in, proven with the current one; another's needs staff.manage
      // (checked by StaffAuth).
      const actor = signedIn();
      if (staffId === actor.staffId) {
        if (currentPin === undefined) throw new KioskError('INVALID_INPUT', 'the current PIN is required', [{ path: 'currentPin', message: 'required' }]);
        await auth.confirmOwnPin(actor.staffId, currentPin);
      }
      await auth.setPin(staffId, pin, actor.staffId);
      return { staffId };
    },
    'audit.recent': async (filter) => {
      act('audit.read');
      return s.audit.recent(filter);
    },
    'audit.verify': async () => {
      act('audit.read');
      return s.audit.verify();
    },

    'plans.list': async () => {
      signedIn();
      return PLANS.map((p) => ({ ...p }));
    },
    'sync.status': async () => {
      signedIn();
      return s.sync.status();
    },
    'sync.now': async () => {
      signedIn();
      return s.sync.now();
    },
    'sync.enroll': async (input) => {
      act('staff.manage');
      return s.sync.enroll(input);
    },
    'sync.reenroll': async (input) => {
      act('staff.manage');
      return s.sync.reenroll(input);
    },
    'sync.issues': async ({ page, pageSize }) => {
      act('audit.read');
      return s.sync.issues(page, pageSize);
    },
    'members.findDuplicates': async (input) => s.registration.findDuplicates(input, act('members.register')),
    'members.register': async (input) => s.registration.register(input, act('members.register')),
    'members.page': async ({ memberId }) => s.pages.page(memberId, act('members.read')),
    'members.reveal': async ({ memberId, field }) => s.pages.reveal(memberId, field, act('members.revealSensitive')),
    'members.update': async (input) => s.profiles.update(input, act('members.edit')),
    'cards.bind': async ({ memberId, card }) => s.cards.bind(memberId, card, act('cards.bind')),
    'cards.replace': async ({ memberId, card }) => s.cards.replace(memberId, card, act('cards.bind')),
    'cards.reportLost': async ({ bindingId }) => s.cards.reportLost(bindingId, act('cards.reportLost')),
    'cards.unbind': async ({ bindingId }) => s.cards.unbind(bindingId, act('cards.bind')),
    'membership.freeze': async ({ membershipId, from, until, reason }) => s.membership.freeze(membershipId, from, until, reason, act('membership.freeze')),
    'membership.unfreeze': async ({ membershipId }) => s.membership.unfreeze(membershipId, act('membership.freeze')),
    'membership.renew': async ({ membershipId, planCode, amountFen }) => s.membership.renew(membershipId, planCode, amountFen, act('membership.renew')),
    // Whoever may take a renewal's money may take a refund request; deciding it is the manager's.
    'membership.requestRefund': async ({ membershipId, amountFen, reason }) =>
      s.membership.requestRefund(membershipId, amountFen, reason, act('membership.renew')),
    'membership.decideRefund': async ({ refundId, approve, note }) => s.membership.decideRefund(refundId, approve, note, act('membership.refund')),
    'membership.cancel': async ({ membershipId, reason }) => s.membership.cancel(membershipId, reason, act('membership.cancel')),
    'consumption.record': async (input) => s.consumption.record(input, act('consumption.record')),
    'consumption.import': async (input) => s.consumption.importCsv(input, act('consumption.import')),
    'members.requestDeletion': async ({ memberId, reason }) => s.deletion.request(memberId, reason, act('members.requestDeletion')),
    'members.deletionRequests': async () => s.deletion.pending(act('members.approveDeletion')),
    'members.decideDeletion': async ({ requestId, approve, note }) => s.deletion.decide(requestId, approve, note, act('members.approveDeletion')),
  } satisfies KioskApi;
}
