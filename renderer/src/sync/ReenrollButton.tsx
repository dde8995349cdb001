import { Alert, App, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';

interface Props {
  status: SyncStatusDto;
  onStatus: (s: SyncStatusDto) => void;
}

/**
 * 重新登记到总部 (head office only): a new one-time code makes this PC a new device at head
 * office. The dialog says plainly that records not yet uploaded are kept and go as the new device.
 */
export function ReenrollButton({ status, onStatus }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { info } = useDesk();
  const [open, setOpen] = useState(false);
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'serverUrl' | 'code' | null; text: string } | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const res = await call('sync.reenroll', { serverUrl: serverUrl.trim(), code: code.trim(), deviceName: info?.device.name ?? 'kiosk' });
    setBusy(false);
    if (res.ok) {
      onStatus(res.value);
      setOpen(false);
      setCode('');
      void message.success(t('sync.reenroll.done'));
      return;
    }
    const path = res.error.issues?.[0]?.path;
    const field = path === 'serverUrl' || path === 'code' ? path : null;
    setError({ field, text: field ? t(`sync.enroll.${field}Error`) : errorText(t, res.error) });
  };

  return (
    <section className="sync-card sync-reenroll" aria-label={t('sync.reenroll.title')}>
      <div className="sync-card-head">
        <h3>{t('sync.reenroll.title')}</h3>
      </div>
      <p className="muted">{t('sync.reenroll.hint')}</p>
      <div>
        <Button onClick={() => setOpen(true)}>{t('sync.reenroll.button')}</Button>
      </div>
      <Modal
        open={open}
        title={t('sync.reenroll.title')}
        okText={t('sync.reenroll.submit')}
        cancelText={t('sync.reenroll.cancel')}
        okButtonProps={{ danger: true, disabled: !serverUrl.trim() || !code.trim(), loading: busy }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        maskClosable={!busy}
      >
        <Alert
          type="warning"
          showIcon
          title={t('sync.reenroll.warning')}
          description={status.pendingCount > 0 ? t('sync.reenroll.warningPending', { count: status.pendingCount }) : undefined}
        />
        <label className="manage-field">
          <span>{t('sync.enroll.serverUrl')}</span>
          <Input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} maxLength={200} status={error?.field === 'serverUrl' ? 'error' : ''} />
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
      </Modal>
    </section>
  );
}
