import type { TFunction } from 'i18next';
import type { DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

/**
 * A refused decision in words staff can act on: the note naming an ID or phone number (kept after
 * the erasure, so the service refuses it), or someone else having decided the request first.
 */
export function deletionErrorText(t: TFunction, error: DeskError): string {
  if (error.code === 'INVALID_INPUT' && error.issues?.some((i) => i.path === 'note')) return t('manage.deletion.notePersonal');
  if (error.code === 'CONFLICT' || error.code === 'NOT_FOUND') return t('manage.deletion.alreadyDecided');
  return errorText(t, error);
}
