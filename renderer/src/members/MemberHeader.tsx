import { ArrowLeftOutlined, MedicineBoxFilled, ReloadOutlined } from '@ant-design/icons';
import { Avatar, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { TierBadge } from '../components/TierBadge';
import { formatCalendarDate, initials } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { currentMembership, STATUS_CLASS } from './currentMembership';
import { useBranchToday } from './dates';
import { planLabel } from './planName';

/** Photo (or initials), name, member number, tier and the membership status as of today. */
export function MemberHeader({ page, loading, onBack, onReload }: { page: MemberPageDto; loading: boolean; onBack(): void; onReload(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = useBranchToday();
  const p = page.profile;
  const erased = p.erasedAt !== null;
  const current = currentMembership(page.memberships, today);
  const status = current?.effectiveStatus ?? null;
  return (
    <header className="mp-header card-block">
      <Button className="mp-back" onClick={onBack} icon={<ArrowLeftOutlined aria-hidden />}>
        {t('memberPage.back')}
      </Button>
      {p.photoDataUrl ? (
        <Avatar size={64} src={p.photoDataUrl} alt={t('member.photoAlt', { name: p.name })} shape="square" />
      ) : (
        <Avatar size={64} shape="square" className="identity-initials mp-initials" aria-hidden>
          {erased ? '?' : initials(p.name)}
        </Avatar>
      )}
      <div className="mp-identity-text">
        <div className="mp-name-row">
          <h2 className="mp-name">{erased ? t('memberPage.erased.name') : p.name}</h2>
          {!erased && <TierBadge tier={page.tier} size="small" />}
          {erased ? (
            <span className="status-pill status-bad">{t('memberPage.erased.title')}</span>
          ) : (
            <span className={`status-pill ${status ? STATUS_CLASS[status] : 'status-none'}`} aria-label={t('memberPage.header.statusAria')}>
              {t(`member.status.${status ?? 'none'}`)}
            </span>
          )}
          {p.medicalAlert && (
            <span className="mp-medical" title={t('member.medicalAlertText')}>
              <MedicineBoxFilled aria-hidden /> {t('member.medicalAlertTitle')}
            </span>
          )}
        </div>
        <dl className="facts">
          <div>
            <dt>{t('member.memberNo')}</dt>
            <dd>{p.memberNo}</dd>
          </div>
          {!erased && (
            <div>
              <dt>{t('member.homeBranch')}</dt>
              <dd>{p.homeBranchName}</dd>
            </div>
          )}
          {current && !erased && (
            <div>
              <dt>{t('member.plan')}</dt>
              <dd>{t('memberPage.header.planUntil', { plan: planLabel(current, locale), end: formatCalendarDate(current.validUntil, locale) })}</dd>
            </div>
          )}
        </dl>
      </div>
      {/* Another desk or the manager's screen may change this member meanwhile. */}
      <Button className="mp-reload" onClick={onReload} loading={loading} icon={<ReloadOutlined aria-hidden />}>
        {t('memberPage.reload')}
      </Button>
    </header>
  );
}
