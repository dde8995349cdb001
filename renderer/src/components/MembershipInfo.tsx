import { useTranslation } from 'react-i18next';
import type { MemberPanelDto } from '../../../core/contract/dto';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { STATUS_CLASS } from '../members/currentMembership';

/** Plan, status as of today (an active plan past its end reads 已过期) and validity. */
export function MembershipInfo({ membership }: { membership: MemberPanelDto['membership'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="card-block" aria-label={t('member.membership')}>
      <h3 className="block-title">{t('member.membership')}</h3>
      {membership ? (
        <dl className="facts facts-wide">
          <div>
            <dt>{t('member.plan')}</dt>
            <dd>
              {membership.planName}{' '}
              <span className={`status-pill ${STATUS_CLASS[membership.effectiveStatus]}`}>
                {t(`member.status.${membership.effectiveStatus}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('member.validity')}</dt>
            <dd>
              {t('member.validRange', {
                from: formatCalendarDate(membership.startsOn, locale),
                to: formatCalendarDate(membership.validUntil, locale),
              })}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{t('member.noMembership')}</p>
      )}
    </section>
  );
}
