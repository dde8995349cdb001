import type { TFunction } from 'i18next';
import type { DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

/**
 * What went wrong with an action on the member page, in the desk's words: the services name
 * each refusal in `issues` (a machine-readable message). Anything not recognised falls back to
 * the generic error.<CODE>.
 */
type Known =
  | 'cancelled'
  | 'expired'
  | 'already_frozen'
  | 'not_frozen'
  | 'refund_pending'
  | 'already_decided'
  | 'member_erased'
  | 'duplicate_receipt'
  | 'no_active_card'
  | 'has_active_card'
  | 'card_taken'
  | 'card_not_active'
  | 'deletion_pending';

const CODES: ReadonlySet<string> = new Set<Known>([
  'cancelled',
  'expired',
  'already_frozen',
  'not_frozen',
  'refund_pending',
  'already_decided',
  'member_erased',
  'duplicate_receipt',
  'no_active_card',
  'has_active_card',
  'card_taken',
  'card_not_active',
  'deletion_pending',
]);

/** Why the service refused an ID number (core/members/idCard IdCardFailureReason). */
type IdReason = 'bad_format' | 'bad_region' | 'bad_birthday' | 'bad_checksum';
const ID_REASONS: ReadonlySet<string> = new Set<IdReason>(['bad_format', 'bad_region', 'bad_birthday', 'bad_checksum']);

/** Every CONFLICT names what it hit in `issues` (a machine-readable message). */
function conflictCode(error: DeskError): Known | null {
  const issue = error.issues?.find((i) => CODES.has(i.message));
  return issue ? (issue.message as Known) : null;
}

/** Input the services refused for a reason staff can fix in the dialog. */
function invalidText(t: TFunction, error: DeskError): string | null {
  for (const issue of error.issues ?? []) {
    if (issue.path === 'card.format') return t('memberPage.invalid.w26');
    if (issue.path.startsWith('card')) return t('error.INVALID_CARD');
    if (issue.path === 'from' && /today/.test(issue.message)) return t('memberPage.invalid.fromPast');
    if (issue.path === 'from' && /starts/.test(issue.message)) return t('memberPage.invalid.fromBeforeStart');
    if (issue.path === 'from' && /last day/.test(issue.message)) return t('memberPage.invalid.fromAfterEnd');
    if (issue.path === 'until' && /at most/.test(issue.message)) return t('memberPage.invalid.tooLong');
    if (issue.path === 'until') return t('memberPage.invalid.untilBeforeFrom');
    if (/ID or phone number/.test(issue.message)) return t('memberPage.invalid.personalText');
    if (issue.path === 'receiptNo') return t('memberPage.invalid.receiptNo');
    if (issue.path === 'amountFen') return t('memberPage.invalid.amount');
    if (issue.path === 'changes.idCard' && ID_REASONS.has(issue.message)) return t(`register.idCard.${issue.message as IdReason}`);
    if (issue.path === 'consent.sensitive') return t(issue.message === 'consent_withdrawn' ? 'memberPage.edit.consentWithdrawn' : 'memberPage.edit.consentRequired');
    if (issue.path.startsWith('changes.')) return t('memberPage.invalid.profileField');
  }
  return null;
}

export function actionErrorText(t: TFunction, error: DeskError): string {
  if (error.code === 'CONFLICT') {
    const code = conflictCode(error);
    if (code) return t(`memberPage.conflict.${code}`);
  }
  if (error.code === 'INVALID_INPUT') {
    const text = invalidText(t, error);
    if (text) return text;
  }
  return errorText(t, error);
}
