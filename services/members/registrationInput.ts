import { KioskError } from '../../core/contract/errors';
import type { MethodInput } from '../../core/contract/methods';
import { parseIdCard } from '../../core/members/idCard';
import { planByCode, planEndDate, type Plan } from '../../core/membership/plans';
import { bindableUid } from './cardService';

type RegisterInput = MethodInput<'members.register'>;

/** A registration that passed every check that needs no database. */
export interface CheckedRegistration {
  /** Canonical (upper-case check character), or null when not given. */
  idCard: string | null;
  healthNotes: string | null;
  plan: Plan;
  validUntil: string;
  cardUid: string | null;
}

/** Blank optional text is "not given": a cleared form field sends '' rather than null. */
export function given(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

/**
 * Checks a registration before anything is written, collecting every problem so the desk can
 * mark all the fields at once. Issue messages are reasons, never the values typed.
 */
export function checkRegistration(input: RegisterInput, today: string): CheckedRegistration {
  const issues: { path: string; message: string }[] = [];
  let idCard: string | null = null;
  const rawId = given(input.profile.idCard);
  if (rawId !== null) {
    const parsed = parseIdCard(rawId, today);
    if (parsed.ok) idCard = parsed.value.number;
    else issues.push({ path: 'profile.idCard', message: parsed.reason });
  }
  const healthNotes = given(input.profile.healthNotes);
  // PIPL Art. 29: sensitive personal information needs the member's separate consent.
  if ((rawId !== null || healthNotes !== null) && input.consent.sensitive !== true) {
    issues.push({ path: 'consent.sensitive', message: 'the ID number and health notes need the member’s separate consent' });
  }
  const plan = planByCode(input.plan.code);
  if (!plan) issues.push({ path: 'plan.code', message: 'unknown plan' });
  let cardUid: string | null = null;
  if (input.card) {
    try {
      cardUid = bindableUid(input.card);
    } catch (error) {
      if (!(error instanceof KioskError) || !error.issues) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0 || !plan) throw new KioskError('INVALID_INPUT', 'the registration is incomplete or invalid', issues);
  return { idCard, healthNotes, plan, validUntil: planEndDate(input.plan.startsOn, plan.months), cardUid };
}

/** What a desk not enrolled with head office numbers under (a standalone desk, the demo). */
export const STANDALONE_MEMBER_NO_PREFIX = 'M';
/** The `setting` key of the prefix head office gave this PC at enrollment (`M0007`). */
export const MEMBER_NO_PREFIX_SETTING = 'member_no.prefix';

/** A prefix head office may give: `M` + a device serial of 4+ digits, never the reserved `M0000`. */
export function isDeviceMemberNoPrefix(value: string): boolean {
  return /^M(?!0000$)[0-9]{4,9}$/.test(value);
}

/**
 * The member number after `last` under `prefix` — `prefix` + at least 6 digits — or the first
 * one. Longer counts are larger, so numbers go on past 999999 without a reformat. Every result
 * is "M followed by 6 or more digits", the shape the POS import expects.
 */
export function nextMemberNo(last: string | null, prefix = STANDALONE_MEMBER_NO_PREFIX): string {
  const rest = last?.startsWith(prefix) ? last.slice(prefix.length) : '';
  const digits = /^[0-9]+$/.test(rest) ? rest : '0';
  const next = (BigInt(digits) + 1n).toString();
  return `${prefix}${next.padStart(Math.max(6, digits.length), '0')}`;
}
