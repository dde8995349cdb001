import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, isPermission, isStaffRole, PERMISSIONS, permissionsOf, STAFF_ROLES, type Permission, type StaffRole } from './permissions';

const role = fc.constantFrom(...STAFF_ROLES);
const permission = fc.constantFrom(...PERMISSIONS);
const has = (r: StaffRole) => new Set(permissionsOf(r));

describe('permissions', () => {
  it('lists each permission once', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it('grants every permission to some role (no dead permission)', () => {
    for (const p of PERMISSIONS) expect(STAFF_ROLES.some((r) => can(r, p))).toBe(true);
  });

  it('can() agrees with permissionsOf()', () => {
    fc.assert(fc.property(role, permission, (r, p) => can(r, p) === permissionsOf(r).includes(p)));
  });

  it('manager holds everything reception holds, head office everything the manager holds', () => {
    fc.assert(
      fc.property(permission, (p) => {
        if (can('reception', p)) expect(can('manager', p)).toBe(true);
        if (can('manager', p)) expect(can('headoffice', p)).toBe(true);
      }),
    );
  });

  it('follows PRODUCT.md §1 for the desk roles', () => {
    const reception: Permission[] = [
      'checkin.card', 'checkin.manual', 'classes.checkIn', 'members.read', 'members.register', 'cards.bind', 'cards.reportLost',
      'membership.renew', 'consumption.record', 'complaints.take', 'incidents.file', 'members.requestDeletion',
    ];
    expect(has('reception')).toEqual(new Set(reception));
    expect(has('coach')).toEqual(new Set<Permission>(['attendance.record', 'goals.record', 'classes.checkIn', 'members.read']));
    const managerOnly: Permission[] = [
      'checkin.override', 'members.edit', 'members.revealSensitive', 'membership.freeze', 'membership.refund', 'membership.cancel',
      'consumption.import', 'members.approveDeletion', 'audit.read', 'reports.read', 'complaints.escalate', 'incidents.review',
    ];
    expect(has('manager')).toEqual(new Set([...reception, ...managerOnly]));
    expect(has('headoffice')).toEqual(new Set<Permission>([...reception, ...managerOnly, 'staff.manage']));
  });

  it('keeps the sensitive ones away from reception and coaches', () => {
    for (const r of ['reception', 'coach'] as const) {
      for (const p of ['checkin.override', 'members.revealSensitive', 'membership.refund', 'members.approveDeletion', 'audit.read', 'staff.manage'] as const) {
        expect(can(r, p)).toBe(false);
      }
    }
    expect(can('manager', 'staff.manage')).toBe(false);
  });

  it('fails closed for values outside the types (a role from a newer head office, a typo)', () => {
    fc.assert(
      fc.property(fc.string(), permission, (s, p) => {
        fc.pre(!isStaffRole(s));
        expect(can(s as StaffRole, p)).toBe(false);
        expect(permissionsOf(s as StaffRole)).toEqual([]);
      }),
    );
    expect(can('manager', 'members.delete' as Permission)).toBe(false);
    expect(can('__proto__' as StaffRole, 'members.read')).toBe(false);
    expect(isPermission('members.read')).toBe(true);
    expect(isPermission('constructor')).toBe(false);
  });

  it('hands out copies: mutating a result widens nothing', () => {
    const list = permissionsOf('reception');
    list.push('staff.manage');
    expect(can('reception', 'staff.manage')).toBe(false);
  });
});
