import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call, onEvent } from '../api/kiosk';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { SyncDrawer } from '../sync/SyncDrawer';

/**
 * Head-office sync at a glance: not enrolled / online · pending N / offline · pending N / error,
 * with last success and last error in the tooltip. Loaded when someone signs in (the services
 * answer only a signed-in desk), then kept current by 'sync.status' pushes. A click opens the
 * sync page (同步) over the current screen.
 */
export function SyncChip() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { state: session } = useSession();
  const [status, setStatus] = useState<SyncStatusDto | null>(null);
  const [open, setOpen] = useState(false);
  const active = session?.status === 'active';

  useEffect(() => onEvent('sync.status', (s) => setStatus(s)), []);
  useEffect(() => {
    if (!active) return;
    void call('sync.status', {}).then((res) => {
      if (res.ok) setStatus(res.value);
    });
  }, [active]);

  if (!status) return null;
  const label =
    status.state === 'notEnrolled'
      ? t('sync.notEnrolled')
      : status.state === 'online'
        ? t('sync.online', { n: status.pendingCount })
        : status.state === 'offline'
          ? t('sync.offline', { n: status.pendingCount })
          : t('sync.error');
  const tone = status.state === 'online' ? 'ok' : status.state === 'notEnrolled' ? 'idle' : 'bad';
  const icon =
    status.state === 'online' ? <CloudSyncOutlined /> : status.state === 'offline' ? <DisconnectOutlined /> : status.state === 'error' ? <ExclamationCircleOutlined /> : <CloudOutlined />;
  const tip = (
    <div className="sync-tip">
      <div>{t('sync.lastSuccess', { time: status.lastSuccessAt ? formatDateTime(status.lastSuccessAt, timeZone, locale) : t('sync.never') })}</div>
      {status.lastError && <div>{t('sync.lastError', { error: status.lastError })}</div>}
      {status.branchCode && <div>{t('sync.branch', { code: status.branchCode })}</div>}
      <div className="sync-tip-hint">{t('sync.chipHint')}</div>
    </div>
  );
  return (
    <>
      <Tooltip title={tip} placement="bottom">
        <button type="button" className={`sync-chip reader-${tone}`} data-testid="sync-chip" data-state={status.state} aria-haspopup="dialog" onClick={() => setOpen(true)}>
          <span className="reader-icon" aria-hidden>
            {icon}
          </span>
          <span className="sync-label">{label}</span>
        </button>
      </Tooltip>
      {active && <SyncDrawer open={open} onClose={() => setOpen(false)} />}
    </>
  );
}
