import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { DECISION_STYLE } from '../theme';
import { formatInstantDateTime } from './dates';

/** 到店记录: every visit, newest first, with the decision (colour and words), how and where. */
export function VisitsTab({ visits }: { visits: MemberPageDto['visits'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  return (
    <div className="mp-tab">
      {visits.length === 0 ? (
        <p className="muted">{t('member.noVisits')}</p>
      ) : (
        <ul className="mp-list" aria-label={t('memberPage.tabs.visits')}>
          {visits.map((v) => (
            <li key={v.id} className="mp-visit">
              <span className="dot" style={{ background: DECISION_STYLE[v.color].fill }} aria-hidden />
              <time dateTime={v.occurredAt}>{formatInstantDateTime(v.occurredAt, timeZone, locale)}</time>
              <strong>{v.overridden ? t('member.visitOverridden') : v.admitted ? t('member.visitAdmitted') : t('member.visitDenied')}</strong>
              <span className="muted">{t(`member.source.${v.source}`)}</span>
              <span className="muted mp-visit-branch">{v.branchName}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
