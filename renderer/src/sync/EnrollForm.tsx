import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { EnrollFields, useEnrollRequest } from './EnrollFields';

/**
 * 连接总部, head office only (staff.manage): link this PC to head office with the one-time code
 * an admin issued (`npm run headoffice:admin -- issue-code`).
 */
export function EnrollForm({ onStatus }: { onStatus: (s: SyncStatusDto) => void }) {
  const { t } = useTranslation();
  const request = useEnrollRequest('sync.enroll');

  const submit = async () => {
    const status = await request.submit();
    if (status) onStatus(status);
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
        <EnrollFields request={request} serverUrlPlaceholder="http://192.168.1.10:8787" />
        <Button className="sync-enroll-submit" type="primary" htmlType="submit" loading={request.busy} disabled={!request.ready}>
          {t('sync.enroll.submit')}
        </Button>
      </form>
    </section>
  );
}
