import type { TierCode } from '../tiers/catalog';
import { tierRank } from '../tiers/catalog';
import { daysBetween, localParts } from '../time/localDate';
import { effectiveMembershipStatus } from './membershipStatus';
import type { BranchPolicy, Effect, ReasonCode } from './policy';

export type DecisionColor = 'green' | 'yellow' | 'red' | 'grey';
export type MembershipStatus = 'active' | 'frozen' | 'expired' | 'cancelled';
export type CardStatus = 'active' | 'lost' | 'replaced' | 'unbound';

export interface CheckinReason {
  code: ReasonCode;
  effect: Effect;
  /** Values the message needs (dates, minutes, tier codes); plain JSON. */
  params: Record<string, string | number>;
}

/** Everything the decision needs, read from the local store as of the last sync. */
export interface CheckinFacts {
  now: string;
  timeZone: string;
  /** Absent for a manual check-in. */
  card: { status: CardStatus } | null;
  member: {
    birthday: string | null;
    medicalAlert: boolean;
  } | null;
  membership: {
    status: MembershipStatus;
    startsOn: string;
    validUntil: string;
  } | null;
  currentTier: TierCode | null;
  lastAdmittedVisit: { occurredAt: string; tierCode: TierCode | null } | null;
}

export interface CheckinDecision {
  color: DecisionColor;
  admitted: boolean;
  reasons: CheckinReason[];
  /** True when a duplicate scan was found: no new visit is written. */
  duplicate: boolean;
}

function membershipReasons(facts: CheckinFacts, today: string, policy: BranchPolicy): CheckinReason[] {
  const m = facts.membership;
  const reason = (code: Exclude<ReasonCode, 'UNKNOWN_CARD'>, params: CheckinReason['params'] = {}): CheckinReason => ({
    code,
    effect: policy.effects[code],
    params,
  });
  if (!m) return [reason('NO_MEMBERSHIP')];
  switch (effectiveMembershipStatus(m, today)) {
    case 'cancelled':
      return [reason('MEMBERSHIP_CANCELLED')];
    case 'frozen':
      return [reason('MEMBERSHIP_FROZEN', { validUntil: m.validUntil })];
    case 'expired':
      return [reason('MEMBERSHIP_EXPIRED', { validUntil: m.validUntil })];
    case 'not_started':
      return [reason('MEMBERSHIP_NOT_STARTED', { startsOn: m.startsOn })];
    case 'active':
      break;
  }
  const daysLeft = daysBetween(today, m.validUntil);
  if (daysLeft <= policy.expiringWithinDays) {
    return [reason('EXPIRING_SOON', { validUntil: m.validUntil, daysLeft })];
  }
  return [];
}

/** Birthday today; a 29 February birthday is greeted on 28 February in common years. */
export function isBirthday(birthday: string | null, today: string): boolean {
  if (!birthday) return false;
  const md = birthday.slice(5);
  if (md === today.slice(5)) return true;
  const year = Number(today.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return md === '02-29' && !leap && today.slice(5) === '02-28';
}

/**
 * The check-in decision: every reason that applies, each with the branch's effect, and the
 * colour. Grey for an unknown card; red when any reason denies; yellow when any warns;
 * otherwise green (allowed reasons such as a birthday are still shown).
 */
export function decideCheckin(facts: CheckinFacts, policy: BranchPolicy): CheckinDecision {
  if (!facts.member) {
    return {
      color: 'grey',
      admitted: false,
      reasons: [{ code: 'UNKNOWN_CARD', effect: 'deny', params: {} }],
      duplicate: false,
    };
  }
  const local = localParts(facts.now, facts.timeZone);
  const reasons: CheckinReason[] = [];
  const add = (code: Exclude<ReasonCode, 'UNKNOWN_CARD'>, params: CheckinReason['params'] = {}): void => {
    reasons.push({ code, effect: policy.effects[code], params });
  };

  if (facts.card && facts.card.status !== 'active') add('CARD_LOST', { cardStatus: facts.card.status });
  reasons.push(...membershipReasons(facts, local.date, policy));

  let duplicate = false;
  const last = facts.lastAdmittedVisit;
  if (last && policy.duplicateWindowMinutes > 0) {
    const minutesAgo = (Date.parse(facts.now) - Date.parse(last.occurredAt)) / 60_000;
    if (minutesAgo >= 0 && minutesAgo < policy.duplicateWindowMinutes) {
      duplicate = true;
      add('DUPLICATE_SCAN', { at: last.occurredAt, minutesAgo: Math.floor(minutesAgo) });
    }
  }
  if (last && last.tierCode && facts.currentTier && last.tierCode !== facts.currentTier) {
    add('TIER_CHANGED', {
      from: last.tierCode,
      to: facts.currentTier,
      direction: tierRank(facts.currentTier) > tierRank(last.tierCode) ? 'up' : 'down',
    });
  }
  if (isBirthday(facts.member.birthday, local.date)) add('BIRTHDAY');
  if (facts.member.medicalAlert) add('MEDICAL_ALERT');

  const denied = reasons.some((r) => r.effect === 'deny');
  const warned = reasons.some((r) => r.effect === 'warn');
  return {
    color: denied ? 'red' : warned ? 'yellow' : 'green',
    admitted: !denied,
    reasons,
    duplicate,
  };
}
