import { dispatch } from '../../core/contract/dispatch';
import type { ContractError } from '../../core/contract/errors';
import { CONSENT_TEXT_VERSION } from '../../core/contract/memberDto';
import type { MethodInput, MethodName, MethodOutput } from '../../core/contract/methods';
import { idCardCheckChar } from '../../core/members/idCard';
import type { Kiosk } from '../kiosk';

/** Test helpers for the member services (registration, cards, page, deletion). */

/** A valid resident ID number (Beijing Dongcheng, born 1990-03-07) with sequence `seq`. */
export function validIdCard(seq: number, birthday = '19900307'): string {
  const first17 = `110101${birthday}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/** The same number with a wrong check character. */
export function badChecksumIdCard(seq: number): string {
  const good = validIdCard(seq);
  const wrong = good.endsWith('1') ? '2' : '1';
  return good.slice(0, 17) + wrong;
}

/** A tiny valid PNG data URL, optionally carrying a marker in its base64 payload. */
export function photo(marker = ''): string {
  return `data:image/png;base64,iVBORw0KGgo${marker}AAAA`;
}

type RegisterInput = MethodInput<'members.register'>;
type ProfileInput = RegisterInput['profile'];

/** A complete registration for an imaginary member; override any part. */
export function registration(overrides: Partial<Omit<RegisterInput, 'profile'>> & { profile?: Partial<ProfileInput> } = {}): RegisterInput {
  const { profile, ...rest } = overrides;
  return {
    profile: {
      name: '林晓',
      gender: 'female',
      birthday: '1990-03-07',
      phone: '16612340000',
      idCard: null,
      emergencyContact: null,
      healthNotes: null,
      fitnessGoal: null,
      preferredCourses: ['yoga'],
      ...profile,
    },
    consent: { sensitive: false, textVersion: CONSENT_TEXT_VERSION },
    photoDataUrl: null,
    plan: { code: 'year', startsOn: '2026-11-23', amountFen: 299_900 },
    card: null,
    acknowledgeDuplicates: false,
    ...rest,
  };
}

/**
 * Calls a method the way every transport does (input validated, role guard, output validated
 * against the contract). Resolves to the value; rejects with the contract error.
 */
export async function call<M extends MethodName>(k: Kiosk, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = await dispatch(k.api, method, input, { validateOutput: true });
  if (!envelope.ok) throw Object.assign(new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`), envelope.error);
  return envelope.value as MethodOutput<M>;
}

/** The contract error of a call that must fail. */
export async function failure<M extends MethodName>(k: Kiosk, method: M, input: MethodInput<M>): Promise<ContractError> {
  const envelope = await dispatch(k.api, method, input, { validateOutput: true });
  if (envelope.ok) throw new Error(`${method} unexpectedly succeeded`);
  return envelope.error;
}

export interface AuditRow {
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: string;
}

export function auditRows(k: Kiosk, action: string): AuditRow[] {
  return k.ctx.kdb.sqlite.prepare('SELECT actor_id, action, entity, entity_id, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as AuditRow[];
}

export function outboxRows(k: Kiosk, name?: string): { seq: number; name: string; args: string; args_hash: string }[] {
  const rows = k.ctx.kdb.sqlite.prepare('SELECT seq, name, args, args_hash FROM sync_outbox ORDER BY seq').all() as {
    seq: number;
    name: string;
    args: string;
    args_hash: string;
  }[];
  return name === undefined ? rows : rows.filter((r) => r.name === name);
}
