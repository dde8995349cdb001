import { useTranslation } from 'react-i18next';
import { SyncScreen } from '../sync/SyncScreen';

/** 总部同步 in branch admin: the sync page (enrolling, status, issues, re-enrolling). */
export function SyncEnroll() {
  const { t } = useTranslation();
  return (
    <section className="manage-section" aria-label={t('manage.tabs.sync')}>
      <SyncScreen />
    </section>
  );
}
