import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../core/contract/methods';
import { methods } from '../core/contract/methods';
import { can, STAFF_ROLES, type Permission } from '../core/staff/permissions';
import { openTempKiosk, tableCounts, type TempKiosk } from './testing/tempKiosk';

/**
 * The guard in front of every method, role by role: each role is refused exactly what the
 * permission matrix withholds, before any service runs and without writing anything. (What each
 * service then does with a permitted call is tested beside the service.)
 */
const GUARDED: Partial<Record<MethodName, Permission>> = {
  'checkin.card': 'checkin.card',
  'checkin.member': 'checkin.manual',
  'checkin.override': 'checkin.override',
  'members.search': 'members.read',
  'members.panel': 'members.read',
  'classes.checkIn': 'classes.checkIn',
  'readers.configure': 'checkin.card',
  'audit.recent': 'audit.read',
  'audit.verify': 'audit.read',
  'members.findDuplicates': 'members.register',
  'members.register': 'members.register',
  'members.page': 'members.read',
  'members.reveal': 'members.revealSensitive',
  'members.update': 'members.edit',
  'cards.bind': 'cards.bind',
  'cards.replace': 'cards.bind',
  'cards.reportLost': 'cards.reportLost',
  'cards.unbind': 'cards.bind',
  'membership.freeze': 'membership.freeze',
  'membership.unfreeze': 'membership.freeze',
  'membership.renew': 'membership.renew',
  'membership.requestRefund': 'membership.renew',
  'membership.decideRefund': 'membership.refund',
  'membership.cancel': 'membership.cancel',
  'consumption.record': 'consumption.record',
  'consumption.import': 'consumption.import',
  'members.requestDeletion': 'members.requestDeletion',
  'members.deletionRequests': 'members.approveDeletion',
  'members.decideDeletion': 'members.approveDeletion',
  'sync.enroll': 'staff.manage',
  'sync.reenroll': 'staff.manage',
  'sync.issues': 'audit.read',
};
/** Open to any signed-in staff member (or, for the first four, to the signed-out desk too). */
const UNGUARDED: MethodName[] = ['desk.info', 'readers.list', 'staff.state', 'staff.signIn', 'staff.signOut', 'staff.lock', 'staff.touch', 'staff.setPin', 'classes.today', 'plans.list', 'sync.status', 'sync.now'];

const uuid = '0190a5d2-3c4b-7def-8a12-3456789abcde';
// Shaped enough to get past destructuring; a permitted call may still fail later (NOT_FOUND…).
const anyInput = { memberId: uuid, visitId: uuid, bindingId: uuid, membershipId: uuid, refundId: uuid, requestId: uuid, sessionId: uuid, query: 'M0', reason: '测试', card: { card: 'FFEE0009', format: 'hex' } };

async function codeOf(k: TempKiosk, method: MethodName): Promise<string | null> {
  try {
    await (k.api[method] as (i: unknown) => Promise<unknown>)(anyInput);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'THREW';
  }
}

let k: TempKiosk;
beforeAll(async () => {
  k = await openTempKiosk({ signedInAs: null });
});
afterAll(async () => {
  await k.dispose();
});

describe('role guard on every contract method', () => {
  it('lists every method as guarded or deliberately open', () => {
    expect([...Object.keys(GUARDED), ...UNGUARDED].sort()).toEqual(Object.keys(methods).sort());
  });

  for (const role of STAFF_ROLES) {
    it(`${role}: refused exactly what the matrix withholds, writing nothing`, async () => {
      await k.signInAs(role);
      for (const [method, permission] of Object.entries(GUARDED) as [MethodName, Permission][]) {
        const before = tableCounts(k);
        const code = await codeOf(k, method);
        if (can(role, permission)) expect(code, `${role} ${method}`).not.toBe('FORBIDDEN');
        else {
          expect(code, `${role} ${method}`).toBe('FORBIDDEN');
          // The refusal itself is not audited here (sign-in is), so nothing at all is written.
          expect(tableCounts(k), `${role} ${method}`).toEqual(before);
        }
      }
    });
  }

  it('signed out: every guarded method is refused with NO_STAFF_ON_DUTY', async () => {
    k.ctx.auth.signOut();
    for (const method of Object.keys(GUARDED) as MethodName[]) expect(await codeOf(k, method), method).toBe('NO_STAFF_ON_DUTY');
    expect(await codeOf(k, 'classes.today')).toBe('NO_STAFF_ON_DUTY');
    expect(await codeOf(k, 'plans.list')).toBe('NO_STAFF_ON_DUTY');
  });
});
