import { useTranslation } from 'react-i18next';
import type { MemberPanelDto } from '../../../core/contract/dto';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { DECISION_STYLE } from '../theme';

/** The member's last visits (newest first), with where, how and whether they were admitted. */
export function RecentVisits({ visits }: { visits: MemberPanelDto['recentVisits'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  return (
    <section className="card-block" aria-label={t('member.recentVisits')}>
      <h3 className="block-title">{t('member.recentVisits')}</h3>
      {visits.length === 0 ? (
        <p className="muted">{t('member.noVisits')}</p>
      ) : (
        <ul className="visits">
          {visits.map((v) => (
            <li key={v.id}>
              <span className="dot" style={{ background: DECISION_STYLE[v.color].fill }} aria-hidden />
              <time dateTime={v.occurredAt}>{formatDateTime(v.occurredAt, timeZone, locale)}</time>
              <span className="visit-status">
                {v.overridden ? t('member.visitOverridden') : v.admitted ? t('member.visitAdmitted') : t('member.visitDenied')}
              </span>
              <span className="muted">{t(`member.source.${v.source}`)}</span>
              <span className="muted visit-branch">{v.branchName}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
