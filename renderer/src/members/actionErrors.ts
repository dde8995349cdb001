import type { TFunction } from 'i18next';
import type { DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

/**
 * What went wrong with an action on the member page, in the desk's words. The membership and
 * consumption services name their refusals in `issues` (a machine-readable message); the card,
 * reveal and deletion services only in the English log message, so those are matched on it.
 * Anything not recognised falls back to the generic error.<CODE>.
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

const ISSUE_CODES: ReadonlySet<string> = new Set(['cancelled', 'expired', 'already_frozen', 'not_frozen', 'refund_pending', 'already_decided', 'member_erased', 'duplicate_receipt']);

/** English log messages of services that send no issue code (cardService, deletionService, memberPageService). */
const MESSAGE_CODES: readonly [RegExp, Known][] = [
  [/no active card to replace/, 'no_active_card'],
  [/already holds an active card/, 'has_active_card'],
  [/already bound to a member/, 'card_taken'],
  [/card is not active|no longer active/, 'card_not_active'],
  [/erased/, 'member_erased'],
  [/deletion request .* already pending/, 'deletion_pending'],
  [/already decided/, 'already_decided'],
];

function conflictCode(error: DeskError): Known | null {
  const issue = error.issues?.find((i) => ISSUE_CODES.has(i.message));
  if (issue) return issue.message as Known;
  return MESSAGE_CODES.find(([re]) => re.test(error.message))?.[1] ?? null;
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
