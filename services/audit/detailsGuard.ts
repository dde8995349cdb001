import type { AuditDetails } from './auditChain';

export type AuditDetailsProblem = 'id_card' | 'mobile' | 'too_long' | 'not_a_scalar' | 'not_finite';

/**
 * An audit entry carried something that looks like a personal data value. The message names the
 * field and the rule, never the value: errors end up in logs, and logs hold no personal data.
 */
export class AuditDetailsError extends Error {
  constructor(
    readonly field: string,
    readonly problem: AuditDetailsProblem,
  ) {
    super(`audit ${field} refused (${problem}): the audit log stores references (ids, field names), never values`);
    this.name = 'AuditDetailsError';
  }
}

export const MAX_AUDIT_STRING = 200;

// Boundaries are "not a letter or digit" rather than "not a digit": a digit run glued to letters
// is part of a machine token (a hex card UID, a UUID segment) and refusing it would fail the
// business write it accompanies. UUIDs can never match: their hyphen-separated groups have 8, 4,
// 4, 4 and 12 characters and no run of consecutive groups adds up to 11 or 18.
const NOT_ALNUM_BEFORE = '(?<![0-9A-Za-z])';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';
/** Resident identity card: 17 digits and a check character (digit or X). */
const ID_CARD = new RegExp(`${NOT_ALNUM_BEFORE}\\d{17}[\\dXx]${NOT_ALNUM_AFTER}`);
/** Mainland mobile, also as typed at a desk: "+86 138-0013-8000", "138 0013 8000". */
const MOBILE = new RegExp(`${NOT_ALNUM_BEFORE}(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d){8}${NOT_ALNUM_AFTER}`);

/** The first rule a string breaks, if any. Exported for tests and for callers that pre-check. */
export function personalDataProblem(text: string): AuditDetailsProblem | null {
  if (text.length > MAX_AUDIT_STRING) return 'too_long';
  if (ID_CARD.test(text)) return 'id_card';
  if (MOBILE.test(text)) return 'mobile';
  return null;
}

function checkText(field: string, text: string): void {
  const problem = personalDataProblem(text);
  if (problem) throw new AuditDetailsError(field, problem);
}

/**
 * Refuses an entry whose strings (or numbers, as written) look like personal data. Applied to
 * every free field, not only details: an entity id or actor id typed by hand is as able to leak
 * a phone number (some chains use the phone as the member number).
 */
export function assertNoPersonalData(entry: {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: AuditDetails;
}): void {
  if (entry.actorId !== null) checkText('actorId', entry.actorId);
  checkText('action', entry.action);
  checkText('entity', entry.entity);
  if (entry.entityId !== null) checkText('entityId', entry.entityId);
  for (const [key, value] of Object.entries(entry.details)) {
    // A refused key is not echoed: the key itself may be the personal data.
    const keyProblem = personalDataProblem(key);
    if (keyProblem) throw new AuditDetailsError('details key', keyProblem);
    const field = `details.${key}`;
    // Callers are typed, but details often come from spread objects; check at run time too.
    const v: unknown = value;
    if (typeof v === 'string') checkText(field, v);
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new AuditDetailsError(field, 'not_finite');
      checkText(field, String(v));
    } else if (v !== null && typeof v !== 'boolean') throw new AuditDetailsError(field, 'not_a_scalar');
  }
}
