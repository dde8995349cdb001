import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../state/SessionContext';
import { EnrollForm } from './EnrollForm';
import { ReenrollButton } from './ReenrollButton';
import { SyncIssues } from './SyncIssues';
import { SyncStatusPanel } from './SyncStatusPanel';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/**
 * 同步: the whole sync picture, the same from the header chip and from branch admin. Each part
 * shows only to roles the services would let through: the status to everyone signed in, the
 * issues to managers and head office (audit.read), enrolling to head office (staff.manage).
 */
export function SyncScreen() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [status, setStatus] = useSyncStatus();

  if (!status) {
    return (
      <div className="sync-loading">
        <Spin /> <span>{t('sync.page.loading')}</span>
      </div>
    );
  }
  return (
    <div className="sync-screen" data-testid="sync-screen">
      {!status.enrolled && can('staff.manage') && <EnrollForm onStatus={setStatus} />}
      <SyncStatusPanel status={status} onStatus={setStatus} />
      {can('audit.read') && <SyncIssues refreshKey={`${status.lastSuccessAt ?? ''}|${status.pendingCount}`} />}
      {status.enrolled && can('staff.manage') && <ReenrollButton status={status} onStatus={setStatus} />}
    </div>
  );
}
