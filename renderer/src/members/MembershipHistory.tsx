import { useTranslation } from 'react-i18next';
import type { MembershipDto, MembershipEventDto } from '../../../core/contract/memberDto';
import { freezeDays } from '../../../core/membership/freeze';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { formatInstantDateTime } from './dates';
import { formatYuan } from '../i18n/money';
import { planLabel } from './planName';

/**
 * What happened to the memberships, newest first: who did it, when, the dates it moved and the
 * money. Reasons are shown as typed (they stay in the branch; the sync and audit rows omit them).
 */
export function MembershipHistory({ history, memberships }: { history: readonly MembershipEventDto[]; memberships: readonly MembershipDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const planOf = new Map(memberships.map((m) => [m.id, planLabel(m, locale)]));
  const date = (d: string | null) => (d ? formatCalendarDate(d, locale) : '');

  const describe = (e: MembershipEventDto): string => {
    const range = e.fromDate && e.toDate ? { from: date(e.fromDate), to: date(e.toDate) } : null;
    switch (e.kind) {
      case 'frozen':
        return range && e.fromDate && e.toDate
          ? t('memberPage.event.frozenRange', { ...range, days: freezeDays(e.fromDate, e.toDate) })
          : t('memberPage.event.frozen');
      case 'unfrozen':
        return range ? t('memberPage.event.unfrozenRange', range) : t('memberPage.event.unfrozen');
      case 'renewed':
        return range ? t('memberPage.event.renewedRange', range) : t('memberPage.event.renewed');
      case 'created':
        return range ? t('memberPage.event.createdRange', range) : t('memberPage.event.created');
      default:
        return t(`memberPage.event.${e.kind}`);
    }
  };

  return (
    <section className="mp-history" aria-label={t('memberPage.history.title')}>
      <h3 className="block-title">{t('memberPage.history.title')}</h3>
      {history.length === 0 ? (
        <p className="muted">{t('memberPage.history.empty')}</p>
      ) : (
        <ol className="mp-list">
          {history.map((e) => (
            <li key={e.id} className={`mp-event mp-event-${e.kind}`}>
              <div className="mp-row-main">
                <strong>{describe(e)}</strong>
                {e.amountFen !== null && <span className="mp-amount">{formatYuan(e.amountFen)}</span>}
              </div>
              <div className="mp-row-meta">
                <time dateTime={e.occurredAt}>{formatInstantDateTime(e.occurredAt, timeZone, locale)}</time>
                <span>{e.staffName ?? t('memberPage.history.system')}</span>
                {memberships.length > 1 && <span>{planOf.get(e.membershipId) ?? ''}</span>}
                {e.reason && <span className="mp-reason">{t('memberPage.history.reason', { reason: e.reason })}</span>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
