import type { TFunction } from 'i18next';
import type { AuditEntryDto } from '../../../core/contract/staffDto';
import { formatYuan } from '../i18n/money';

/**
 * Every action the services write to the audit log (grep `action: '` and audit.append in
 * services/; membership and card actions are passed through a helper). An action missing here
 * still shows, as its code.
 */
export const AUDIT_ACTIONS = [
  'staff.signIn',
  'staff.signOut',
  'staff.signInFailed',
  'staff.lockout',
  'staff.deskLock',
  'staff.setPin',
  'staff.approve',
  'staff.approveRefused',
  'visit.override',
  'member.register',
  'member.reveal',
  'member.requestDeletion',
  'member.rejectDeletion',
  'member.erase',
  'card.bind',
  'card.replace',
  'card.reportLost',
  'card.unbind',
  'membership.freeze',
  'membership.unfreeze',
  'membership.renew',
  'membership.requestRefund',
  'membership.decideRefund',
  'membership.cancel',
  'consumption.record',
  'consumption.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const ENTITIES = ['staff', 'visit', 'member', 'deletion_request', 'card_binding', 'membership', 'consumption', 'consumption_import'] as const;
type AuditEntity = (typeof ENTITIES)[number];

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
const isEntity = (e: string): e is AuditEntity => (ENTITIES as readonly string[]).includes(e);

export function auditActionText(t: TFunction, action: string): string {
  return isAction(action) ? t(`manage.audit.action.${action}`) : action;
}

export function auditEntityText(t: TFunction, entity: string): string {
  return isEntity(entity) ? t(`manage.audit.entity.${entity}`) : entity;
}

/** Who did it: the staff member's name, else what kind of actor it was. */
export function auditActorText(t: TFunction, e: AuditEntryDto): string {
  if (e.actorName) return e.actorName;
  if (e.actorType === 'staff') return e.actorId ?? t('manage.unknownStaff');
  return t(`manage.audit.actor.${e.actorType}`);
}

const MAX_VALUE = 60;

/** Details as one compact line, key=value; amounts in fen are shown in yuan. */
export function auditDetailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${detailValue(key, value)}`)
    .join('  ');
}

function detailValue(key: string, value: unknown): string {
  if (typeof value === 'number' && /Fen$/.test(key)) return formatYuan(value);
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
