import type { TFunction } from 'i18next';
import type { DeskError } from '../api/kiosk';

/**
 * Staff see error.<CODE>, never the service's English message. A card number that does not fit
 * the reader's format gets its own wording, since the fix is the reader setting, not retyping.
 */
export function errorText(t: TFunction, error: DeskError): string {
  if (error.code === 'INVALID_INPUT' && error.issues?.some((i) => i.path === 'card')) return t('error.INVALID_CARD');
  return t(`error.${error.code}`, { defaultValue: t('error.INTERNAL') });
}
