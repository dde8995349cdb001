import { Button, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call, onEvent } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';

/**
 * 总部同步, head office only (staff.manage): link this PC to head office with the one-time code
 * an admin issued (`npm run headoffice:admin -- issue-code`). Once enrolled it shows where to.
 */
export function SyncEnroll() {
  const { t } = useTranslation();
  const { info } = useDesk();
  const [status, setStatus] = useState<SyncStatusDto | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'serverUrl' | 'code' | null; text: string } | null>(null);

  useEffect(() => {
    void call('sync.status', {}).then((res) => {
      if (res.ok) setStatus(res.value);
    });
    return onEvent('sync.status', (s) => setStatus(s));
  }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const res = await call('sync.enroll', { serverUrl: serverUrl.trim(), code: code.trim(), deviceName: info?.device.name ?? 'kiosk' });
    setBusy(false);
    if (res.ok) {
      setStatus(res.value);
      setCode('');
      return;
    }
    const path = res.error.issues?.[0]?.path;
    const field = path === 'serverUrl' || path === 'code' ? path : null;
    setError({ field, text: field ? t(`sync.enroll.${field}Error`) : errorText(t, res.error) });
  };

  return (
    <section className="manage-section" aria-label={t('manage.tabs.sync')}>
      <div className="manage-card" role="group" aria-label={t('sync.enroll.title')}>
        <h3>{t('sync.enroll.title')}</h3>
        {status?.enrolled ? (
          <p>{t('sync.enroll.enrolled', { url: status.serverUrl ?? '', code: status.branchCode ?? '—' })}</p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <p className="muted">{t('sync.enroll.hint')}</p>
            <label className="manage-field">
              <span>{t('sync.enroll.serverUrl')}</span>
              <Input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="http://192.168.1.10:8787" maxLength={200} status={error?.field === 'serverUrl' ? 'error' : ''} />
            </label>
            <label className="manage-field">
              <span>{t('sync.enroll.code')}</span>
              <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXX-XXXX-XXXX" maxLength={64} status={error?.field === 'code' ? 'error' : ''} />
            </label>
            {error && (
              <p className="manage-field-error" role="alert">
                {error.text}
              </p>
            )}
            <Button className="sync-enroll-submit" type="primary" htmlType="submit" loading={busy} disabled={!serverUrl.trim() || !code.trim()}>
              {t('sync.enroll.submit')}
            </Button>
          </form>
        )}
      </div>
    </section>
  );
}
