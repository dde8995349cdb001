import { AuditOutlined, EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { formatInstantDate } from './dates';
import type { OpenAction } from './memberActions';
import { SensitiveField } from './SensitiveField';
import type { RevealState } from './useReveal';

/**
 * The profile, sensitive fields masked (PIPL): 显示 reveals one field for this page visit, for
 * roles that may, and the services record each reveal in the audit log. 编辑资料 (members.edit)
 * opens the correction dialog.
 */
export function ProfileSection({ page, reveal, onAction }: { page: MemberPageDto; reveal: RevealState; onAction: OpenAction }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { can } = useSession();
  const canReveal = can('members.revealSensitive');
  const p = page.profile;
  const none = t('memberPage.profile.none');
  const consent = p.sensitiveConsent;
  return (
    <section className="card-block mp-profile" aria-label={t('memberPage.profile.title')}>
      <div className="mp-profile-head">
        <h3 className="block-title">{t('memberPage.profile.title')}</h3>
        {can('members.edit') && (
          <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => onAction({ kind: 'editProfile' })}>
            {t('memberPage.actions.editProfile')}
          </Button>
        )}
      </div>
      <dl className="mp-fields">
        <SensitiveField field="phone" label={t('member.phone')} masked={p.phoneMasked || none} empty={!p.phoneMasked} canReveal={canReveal} reveal={reveal} />
        <SensitiveField field="idCard" label={t('memberPage.profile.idCard')} masked={p.idCardMasked ?? none} empty={p.idCardMasked === null} canReveal={canReveal} reveal={reveal} />
        <SensitiveField
          field="emergencyContact"
          label={t('memberPage.profile.emergencyContact')}
          masked={p.emergencyContactMasked ?? none}
          empty={p.emergencyContactMasked === null}
          canReveal={canReveal}
          reveal={reveal}
        />
        <SensitiveField
          field="healthNotes"
          label={t('memberPage.profile.healthNotes')}
          masked={p.hasHealthNotes ? t('memberPage.profile.healthHidden') : none}
          empty={!p.hasHealthNotes}
          canReveal={canReveal}
          reveal={reveal}
        />
        <div className="mp-field">
          <dt>{t('memberPage.profile.gender')}</dt>
          <dd>{t(`memberPage.gender.${p.gender}`)}</dd>
        </div>
        <div className="mp-field">
          <dt>{t('memberPage.profile.birthday')}</dt>
          <dd>{p.birthday ? formatCalendarDate(p.birthday, locale) : none}</dd>
        </div>
        <div className="mp-field">
          <dt>{t('memberPage.profile.fitnessGoal')}</dt>
          <dd>{p.fitnessGoal ?? none}</dd>
        </div>
        <div className="mp-field">
          <dt>{t('memberPage.profile.courses')}</dt>
          <dd>{p.preferredCourses.length > 0 ? p.preferredCourses.map((c) => t(`memberPage.course.${c}`)).join(t('memberPage.listSeparator')) : none}</dd>
        </div>
        <div className="mp-field">
          <dt>{t('memberPage.profile.registered')}</dt>
          <dd>{formatInstantDate(p.createdAt, timeZone, locale)}</dd>
        </div>
      </dl>
      {canReveal && (
        <p className="mp-note">
          <AuditOutlined aria-hidden /> {t('memberPage.profile.revealNote')}
        </p>
      )}
      <h3 className="block-title mp-subtitle">{t('memberPage.consent.title')}</h3>
      <p className="mp-consent">
        {consent
          ? t(consent.granted ? 'memberPage.consent.granted' : 'memberPage.consent.refused', {
              version: consent.textVersion,
              date: formatInstantDate(consent.recordedAt, timeZone, locale),
            })
          : t('memberPage.consent.none')}
      </p>
    </section>
  );
}
