import { parseIdCard, type IdCard, type IdCardFailureReason } from '../../../core/members/idCard';

export type IdCardStatus =
  | { kind: 'empty' }
  /** Digits so far, fewer than 18: not wrong yet, the clerk is still typing. */
  | { kind: 'typing'; count: number }
  | { kind: 'invalid'; reason: Exclude<IdCardFailureReason, 'empty'> }
  | { kind: 'valid'; card: IdCard };

const PARTIAL_RE = /^[0-9]{1,17}$/;

/**
 * The ID number as the clerk types it, checked by core's GB 11643 parser (the same one the
 * service uses). `finished` (field left, or saving) turns a short number into a format error;
 * while typing, a short run of digits only shows progress.
 */
export function idCardStatus(raw: string | undefined, today: string, finished: boolean): IdCardStatus {
  const text = raw?.trim() ?? '';
  if (text === '') return { kind: 'empty' };
  if (!finished && PARTIAL_RE.test(text)) return { kind: 'typing', count: text.length };
  const parsed = parseIdCard(text, today);
  if (parsed.ok) return { kind: 'valid', card: parsed.value };
  return { kind: 'invalid', reason: parsed.reason === 'empty' ? 'bad_format' : parsed.reason };
}
