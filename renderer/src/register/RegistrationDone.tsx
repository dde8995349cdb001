import { CheckCircleFilled, LoginOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useNav } from '../state/NavContext';
import { formatYuan } from '../i18n/money';
import type { RegisteredMember } from './useRegisterSubmit';

interface Props {
  member: RegisteredMember;
  onNext(): void;
}

/**
 * After the save: the member number to tell the member, and the two things a clerk does next —
 * check the member in (the new card then works at the desk) or register the next person.
 */
export function RegistrationDone({ member, onNext }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { go, openMember } = useNav();
  const checkIn = useRef<HTMLButtonElement>(null);
  useEffect(() => checkIn.current?.focus(), []);
  const planName = member.plan ? (locale === 'en' ? member.plan.nameEn : member.plan.nameZh) : '';

  return (
    <div className="reg-done" role="status" aria-labelledby="reg-done-title">
      <CheckCircleFilled className="reg-done-icon" />
      <h2 className="reg-done-title" id="reg-done-title">
        {t('register.done.title')}
      </h2>
      <p className="reg-done-subtitle">{t('register.done.subtitle', { name: member.name })}</p>
      <dl className="reg-done-facts">
        <div>
          <dt>{t('register.done.memberNo')}</dt>
          <dd className="reg-done-no">{member.memberNo}</dd>
        </div>
        <div>
          <dt>{t('register.done.name')}</dt>
          <dd>{member.name}</dd>
        </div>
        <div>
          <dt>{t('register.done.card')}</dt>
          <dd>{member.cardUid ?? t('register.done.noCard')}</dd>
        </div>
        {member.plan && member.validUntil && (
          <div>
            <dt>{t('register.done.plan')}</dt>
            <dd>
              {t('register.done.planValue', {
                plan: planName,
                from: formatCalendarDate(member.startsOn, locale),
                until: formatCalendarDate(member.validUntil, locale),
              })}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('register.done.paid')}</dt>
          <dd>{formatYuan(member.amountFen)}</dd>
        </div>
      </dl>
      <div className="reg-done-actions">
        <Button ref={checkIn} type="primary" size="large" icon={<LoginOutlined />} onClick={() => go('desk')}>
          {t('register.done.checkIn')}
        </Button>
        <Button size="large" icon={<UserAddOutlined />} onClick={onNext}>
          {t('register.done.next')}
        </Button>
        <Button size="large" type="link" onClick={() => openMember(member.memberId)}>
          {t('register.done.openMember')}
        </Button>
      </div>
      {member.cardUid && <p className="reg-note">{t('register.done.checkInHint')}</p>}
    </div>
  );
}
