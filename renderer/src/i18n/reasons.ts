import type { TFunction } from 'i18next';
import type { ReasonDto } from '../../../core/contract/dto';
import type { ReasonCode } from '../../../core/checkin/policy';
import { isTierCode } from '../../../core/tiers/catalog';
import { formatCalendarDate, formatTime } from './format';
import type { Locale } from './index';

export interface ReasonContext {
  locale: Locale;
  timeZone: string;
  /** The branch's duplicate-scan window, for "already checked in within N minutes". */
  duplicateWindowMinutes: number;
}

const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/** Short heading of a reason ("重复刷卡", "医疗提示"). */
export function reasonTitle(t: TFunction, code: string): string {
  return t(`reasonTitle.${code as ReasonCode}`, { defaultValue: code });
}

/**
 * The sentence staff read for a reason, with its parameters formatted for the locale and the
 * branch zone. Unknown codes (a newer head office) fall back to the code itself.
 */
export function reasonMessage(t: TFunction, reason: ReasonDto, ctx: ReasonContext): string {
  const p = reason.params;
  const date = (v: string | number | undefined) => formatCalendarDate(str(v), ctx.locale);
  const tier = (v: string | number | undefined) => {
    const code = str(v);
    return isTierCode(code) ? t(`tier.${code}`) : code;
  };
  switch (reason.code as ReasonCode) {
    case 'CARD_LOST': {
      const status = str(p.cardStatus);
      return status === 'lost' || status === 'replaced' || status === 'unbound'
        ? t(`reason.CARD_LOST_${status}`)
        : t('reason.CARD_LOST');
    }
    case 'MEMBERSHIP_EXPIRED':
      return t('reason.MEMBERSHIP_EXPIRED', { validUntil: date(p.validUntil) });
    case 'MEMBERSHIP_NOT_STARTED':
      return t('reason.MEMBERSHIP_NOT_STARTED', { startsOn: date(p.startsOn) });
    case 'EXPIRING_SOON': {
      const daysLeft = Number(p.daysLeft ?? 0);
      if (daysLeft <= 0) return t('reason.EXPIRING_SOON_today', { validUntil: date(p.validUntil) });
      return t('reason.EXPIRING_SOON', { count: daysLeft, validUntil: date(p.validUntil) });
    }
    case 'DUPLICATE_SCAN':
      return t('reason.DUPLICATE_SCAN', {
        window: ctx.duplicateWindowMinutes,
        time: formatTime(str(p.at), ctx.timeZone, ctx.locale),
      });
    case 'TIER_CHANGED': {
      const values = { from: tier(p.from), to: tier(p.to) };
      if (p.direction === 'up') return t('reason.TIER_CHANGED_up', values);
      if (p.direction === 'down') return t('reason.TIER_CHANGED_down', values);
      return t('reason.TIER_CHANGED', values);
    }
    case 'UNKNOWN_CARD':
    case 'NO_MEMBERSHIP':
    case 'MEMBERSHIP_CANCELLED':
    case 'MEMBERSHIP_FROZEN':
    case 'BIRTHDAY':
    case 'MEDICAL_ALERT':
      return t(`reason.${reason.code as 'BIRTHDAY'}`);
    default:
      return reason.code;
  }
}
