import { Alert, Button, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_TEXT_VERSION, type MemberPageDto } from '../../../core/contract/memberDto';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { formatInstantDate } from './dates';
import type { ConsentAction } from './editModel';

interface Props {
  profile: MemberPageDto['profile'];
  value: ConsentAction;
  onChange(value: ConsentAction): void;
}

/**
 * The separate consent for the ID number and health notes, as it stands and what this edit does
 * to it: a member who agreed may withdraw (which deletes both at once), one who did not may
 * agree now. The consent text is the registration's, one tap away.
 */
export function EditConsent({ profile, value, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const [showText, setShowText] = useState(false);
  const current = profile.sensitiveConsent;
  const granted = current?.granted === true;
  const status = current
    ? t(granted ? 'memberPage.consent.granted' : 'memberPage.consent.refused', {
        version: current.textVersion,
        date: formatInstantDate(current.recordedAt, timeZone, locale),
      })
    : t('memberPage.consent.none');
  const change: ConsentAction = granted ? 'withdraw' : 'grant';
  return (
    <div className="mp-edit-consent" role="group" aria-labelledby="mp-edit-consent-title">
      <div className="mp-edit-consent-head">
        <h4 id="mp-edit-consent-title">{t('memberPage.consent.title')}</h4>
        <Button type="link" size="small" aria-expanded={showText} onClick={() => setShowText((v) => !v)}>
          {showText ? t('register.consent.hideText') : t('register.consent.showText')}
        </Button>
      </div>
      <p className="mp-edit-consent-status">{status}</p>
      {showText && <p className="mp-edit-consent-text">{t('register.consent.text')}</p>}
      <Radio.Group
        optionType="button"
        value={value}
        onChange={(e) => onChange(e.target.value as ConsentAction)}
        options={[
          { value: 'keep', label: t('memberPage.edit.consentKeep') },
          { value: change, label: t(granted ? 'memberPage.edit.consentWithdraw' : 'memberPage.edit.consentGrant') },
        ]}
      />
      {value === 'withdraw' && <Alert className="mp-edit-consent-note" type="warning" showIcon title={t('memberPage.edit.withdrawNote')} />}
      {value === 'grant' && (
        <Alert className="mp-edit-consent-note" type="info" showIcon title={t('memberPage.edit.grantNote', { version: CONSENT_TEXT_VERSION })} />
      )}
    </div>
  );
}
