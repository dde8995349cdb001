import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_TEXT_VERSION } from '../../../core/contract/memberDto';
import type { ConsentChoice } from './formModel';
import { StatusChip } from './StatusChip';

interface Props {
  consent: ConsentChoice;
  onChange(choice: ConsentChoice): void;
  error: string | null;
  disabled: boolean;
}

/**
 * The separate consent PIPL Art. 29 asks for before sensitive data is collected. The text is
 * shown in full until the member answers (one tap either way); after that it folds away to
 * make room for the fields, and can be opened again.
 */
export function ConsentBox({ consent, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const [showText, setShowText] = useState(false);
  const answered = consent !== 'pending';
  return (
    <div className={`reg-consent reg-consent-${consent}`} role="group" aria-labelledby="reg-consent-title">
      <div className="reg-consent-head">
        <h4 className="reg-consent-title" id="reg-consent-title">
          {t('register.consent.title')}
        </h4>
        {answered && (
          <Button type="link" size="small" aria-expanded={showText} onClick={() => setShowText((v) => !v)}>
            {showText ? t('register.consent.hideText') : t('register.consent.showText')}
          </Button>
        )}
      </div>
      {(!answered || showText) && <p className="reg-consent-text">{t('register.consent.text')}</p>}
      {answered ? (
        <div className="reg-consent-actions">
          <StatusChip tone={consent === 'granted' ? 'ok' : 'neutral'}>
            {consent === 'granted' ? t('register.consent.granted', { version: CONSENT_TEXT_VERSION }) : t('register.consent.declined')}
          </StatusChip>
          <Button type="link" size="small" disabled={disabled} onClick={() => onChange(consent === 'granted' ? 'declined' : 'granted')}>
            {consent === 'granted' ? t('register.consent.withdraw') : t('register.consent.change')}
          </Button>
        </div>
      ) : (
        <div className="reg-consent-actions">
          <Button type="primary" disabled={disabled} onClick={() => onChange('granted')}>
            {t('register.consent.agree')}
          </Button>
          <Button disabled={disabled} onClick={() => onChange('declined')}>
            {t('register.consent.decline')}
          </Button>
          <span className="reg-note">{t('register.consent.ask')}</span>
        </div>
      )}
      {error && (
        <div className="reg-area-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
