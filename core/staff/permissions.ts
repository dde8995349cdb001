/**
 * Who may do what at the desk (PRODUCT.md §1, SECURITY.md "Staff and access"). Services check
 * these in the main process; the renderer may use them only to hide buttons, never as the guard.
 */

export const STAFF_ROLES = ['reception', 'coach', 'manager', 'headoffice'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  'checkin.card',
  'checkin.manual',
  'checkin.override',
  'classes.checkIn',
  'members.read',
  'members.register',
  'members.edit',
  'members.revealSensitive',
  'cards.bind',
  'cards.reportLost',
  'membership.freeze',
  'membership.renew',
  'membership.refund',
  'membership.cancel',
  'consumption.record',
  'consumption.import',
  'members.requestDeletion',
  'members.approveDeletion',
  'audit.read',
  'staff.manage',
  'reports.read',
  'complaints.take',
  'complaints.escalate',
  'incidents.file',
  'incidents.review',
  'attendance.record',
  'goals.record',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Desk work (前台): the everyday member-facing actions, none of them reversing money or history. */
const RECEPTION: readonly Permission[] = [
  'checkin.card',
  'checkin.manual',
  'classes.checkIn',
  'members.read',
  'members.register',
  'cards.bind',
  'cards.reportLost',
  'membership.renew',
  'consumption.record',
  'complaints.take',
  'incidents.file',
  'members.requestDeletion',
];

/** Coach (教练): the participation inputs of the tier score, and reading who is in the class. */
const COACH: readonly Permission[] = ['attendance.record', 'goals.record', 'classes.checkIn', 'members.read'];

/**
 * Branch manager (店长): reception's work plus what reverses or overrides it, touches money
 * already taken, exposes sensitive data, or reviews other staff's work. members.edit sits here
 * rather than at reception because the product spec's reception duties do not name it and
 * editing a profile changes personal data on record (a product decision to confirm).
 */
const MANAGER_EXTRA: readonly Permission[] = [
  'checkin.override',
  'members.edit',
  'members.revealSensitive',
  'membership.freeze',
  'membership.refund',
  'membership.cancel',
  'consumption.import',
  'members.approveDeletion',
  'audit.read',
  'reports.read',
  'complaints.escalate',
  'incidents.review',
];

/** Head office (总部): chain-wide oversight, so the manager's set plus managing staff accounts. */
const HEADOFFICE_EXTRA: readonly Permission[] = ['staff.manage'];

const MANAGER = [...RECEPTION, ...MANAGER_EXTRA];

/**
 * Module-private: callers only get booleans (can) or fresh arrays (permissionsOf), so nothing
 * outside this file can widen a role at run time.
 */
const MATRIX: Readonly<Record<StaffRole, ReadonlySet<Permission>>> = {
  reception: new Set(RECEPTION),
  coach: new Set(COACH),
  manager: new Set(MANAGER),
  headoffice: new Set([...MANAGER, ...HEADOFFICE_EXTRA]),
};

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Whether a role holds a permission. Unknown roles hold nothing: a row with a role this build
 * does not know (written by a newer head office) must fail closed, not open.
 */
export function can(role: StaffRole, permission: Permission): boolean {
  if (!isStaffRole(role)) return false;
  return MATRIX[role].has(permission);
}

/** A role's permissions in PERMISSIONS order (stable for display and snapshots). */
export function permissionsOf(role: StaffRole): Permission[] {
  if (!isStaffRole(role)) return [];
  return PERMISSIONS.filter((p) => MATRIX[role].has(p));
}
