import type { TFunction } from 'i18next';
import type { DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

/** The service names the rule a refused PIN broke (never the PIN): format, or too easy to guess. */
export function pinErrorText(t: TFunction, error: DeskError): string {
  const issue = error.code === 'INVALID_INPUT' ? error.issues?.find((i) => i.path === 'pin') : undefined;
  if (issue?.message === 'too easy to guess') return t('manage.pins.trivial');
  if (issue) return t('manage.pins.format');
  if (error.code === 'FORBIDDEN' && error.issues?.some((i) => i.path === 'currentPin')) return t('manage.pins.currentWrong');
  if (error.code === 'FORBIDDEN') return t('manage.pins.forbidden');
  return errorText(t, error);
}
