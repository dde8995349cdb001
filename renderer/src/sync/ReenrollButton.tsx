import { Alert, App, Button, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { EnrollFields, useEnrollRequest } from './EnrollFields';

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
  const [open, setOpen] = useState(false);
  const request = useEnrollRequest('sync.reenroll', status.serverUrl ?? '');

  const submit = async () => {
    const next = await request.submit();
    if (!next) return;
    onStatus(next);
    setOpen(false);
    void message.success(t('sync.reenroll.done'));
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
        okButtonProps={{ danger: true, disabled: !request.ready, loading: request.busy }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        maskClosable={!request.busy}
      >
        <Alert
          type="warning"
          showIcon
          title={t('sync.reenroll.warning')}
          description={status.pendingCount > 0 ? t('sync.reenroll.warningPending', { count: status.pendingCount }) : undefined}
        />
        <EnrollFields request={request} />
      </Modal>
    </section>
  );
}
