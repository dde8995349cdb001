import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined, SyncOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Progress, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { formatDateTime, formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { clockWords, relativeWords, syncErrorKind } from './syncWords';

const STATE_ICON = {
  online: <CloudSyncOutlined />,
  offline: <DisconnectOutlined />,
  error: <ExclamationCircleOutlined />,
  notEnrolled: <CloudOutlined />,
} as const;
const STATE_COLOR = { online: 'success', offline: 'warning', error: 'error', notEnrolled: 'default' } as const;

/** The services' clock, ticking: "3 分钟前" must not drift from what the header clock shows. */
function useNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return now + offsetMs;
}

interface Props {
  status: SyncStatusDto;
  onStatus: (s: SyncStatusDto) => void;
}

/**
 * Where sync stands: connection, last success (relative and exact), records waiting, the last
 * problem in plain words (the engine's text behind "技术详情"), a PC clock far from head office's,
 * where it is enrolled, first-sync progress, and 立即同步.
 */
export function SyncStatusPanel({ status, onStatus }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone, clockOffsetMs } = useDesk();
  const now = useNow(clockOffsetMs);
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const [showDetails, setShowDetails] = useState(false);

  const syncNow = async () => {
    setRunning(true);
    const res = await call('sync.now', {});
    setRunning(false);
    if (!res.ok) {
      void message.error(errorText(t, res.error));
      return;
    }
    onStatus(res.value);
    if (res.value.state === 'online') void message.success(t('sync.page.nowDone'));
    else void message.warning(t('sync.page.nowFailed'));
  };

  const clock = status.enrolled ? clockWords(t, status.clockOffsetMs) : null;
  const kind = status.lastError ? syncErrorKind(status.lastError) : null;
  const bootstrap = status.bootstrap;

  return (
    <section className="sync-card sync-status" aria-label={t('sync.page.title')} data-state={status.state}>
      <div className="sync-status-head">
        <Tag className="sync-state-tag" color={STATE_COLOR[status.state]} icon={STATE_ICON[status.state]} data-testid="sync-state">
          {t(`sync.page.state.${status.state}`)}
        </Tag>
        <span className="sync-state-hint">{t(`sync.page.stateHint.${status.state}`)}</span>
        {status.enrolled && (
          <Button className="sync-now" type="primary" icon={<SyncOutlined spin={running} />} loading={running} disabled={running} onClick={() => void syncNow()}>
            {t('sync.page.now')}
          </Button>
        )}
      </div>

      {bootstrap && bootstrap.done < bootstrap.total && (
        <div className="sync-bootstrap" role="group" aria-label={t('sync.page.bootstrap')}>
          <div className="sync-bootstrap-label">
            <strong>{t('sync.page.bootstrap')}</strong>
            <span>{t('sync.page.bootstrapProgress', { done: bootstrap.done, total: bootstrap.total })}</span>
          </div>
          <Progress percent={Math.min(100, Math.floor((bootstrap.done / bootstrap.total) * 100))} status="active" />
          <p className="muted">{t('sync.page.bootstrapHint')}</p>
        </div>
      )}

      <dl className="sync-facts">
        {status.enrolled && (
          <>
            <dt>{t('sync.page.lastSuccess')}</dt>
            <dd data-testid="sync-last-success">
              {status.lastSuccessAt ? (
                <>
                  <span>{relativeWords(t, status.lastSuccessAt, now, locale)}</span>
                  <span className="muted"> · {formatDateTime(status.lastSuccessAt, timeZone, locale)}</span>
                </>
              ) : (
                t('sync.page.never')
              )}
            </dd>
          </>
        )}
        <dt>{t('sync.page.pending')}</dt>
        <dd data-testid="sync-pending">
          {t('sync.page.pendingCount', { count: status.pendingCount })}
          {status.nextRetryAt && <span className="muted"> · {t('sync.page.nextRetry', { time: formatTime(status.nextRetryAt, timeZone, locale) })}</span>}
        </dd>
        {status.enrolled && (
          <>
            <dt>{t('sync.page.server')}</dt>
            <dd className="sync-mono">{status.serverUrl}</dd>
            <dt>{t('sync.page.branch')}</dt>
            <dd className="sync-mono">{status.branchCode ?? '—'}</dd>
            <dt>{t('sync.page.clock')}</dt>
            <dd data-testid="sync-clock">
              {clock ? (
                <>
                  <span className="sync-warn">
                    <WarningFilled /> {clock}
                  </span>
                  <div className="muted">{t('sync.page.clockHint')}</div>
                </>
              ) : (
                t('sync.page.clockOk')
              )}
            </dd>
          </>
        )}
      </dl>

      {status.lastError && kind && (
        <Alert
          type={status.state === 'online' ? 'info' : status.state === 'offline' ? 'warning' : 'error'}
          showIcon
          data-testid="sync-last-error"
          title={t('sync.page.lastError')}
          description={
            <div>
              <p className="sync-error-words">{t(`sync.errorKind.${kind}`)}</p>
              <Button type="link" size="small" className="sync-details-toggle" onClick={() => setShowDetails((v) => !v)}>
                {t('sync.page.details')}
              </Button>
              {showDetails && <pre className="sync-details">{status.lastError}</pre>}
            </div>
          }
        />
      )}
    </section>
  );
}
