import { Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';

/**
 * 连接总部, head office only (staff.manage): link this PC to head office with the one-time code
 * an admin issued (`npm run headoffice:admin -- issue-code`).
 */
export function EnrollForm({ onStatus }: { onStatus: (s: SyncStatusDto) => void }) {
  const { t } = useTranslation();
  const { info } = useDesk();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'serverUrl' | 'code' | null; text: string } | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const res = await call('sync.enroll', { serverUrl: serverUrl.trim(), code: code.trim(), deviceName: info?.device.name ?? 'kiosk' });
    setBusy(false);
    if (res.ok) {
      onStatus(res.value);
      setCode('');
      return;
    }
    const path = res.error.issues?.[0]?.path;
    const field = path === 'serverUrl' || path === 'code' ? path : null;
    setError({ field, text: field ? t(`sync.enroll.${field}Error`) : errorText(t, res.error) });
  };

  return (
    <section className="sync-card" role="group" aria-label={t('sync.enroll.title')}>
      <div className="sync-card-head">
        <h3>{t('sync.enroll.title')}</h3>
      </div>
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
    </section>
  );
}
