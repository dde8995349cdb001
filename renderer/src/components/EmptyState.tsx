import { IdcardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Before the first tap: tell staff what the screen is waiting for. */
export function EmptyState() {
  const { t } = useTranslation();
  return (
    <div className="empty-state" role="status" aria-live="polite" aria-label={t('decision.region')}>
      <IdcardOutlined className="empty-icon" aria-hidden />
      <p className="empty-title">{t('empty.title')}</p>
      <p className="empty-hint">{t('empty.hint')}</p>
    </div>
  );
}
