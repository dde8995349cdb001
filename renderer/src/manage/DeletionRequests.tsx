import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeletionRequestDto } from '../../../core/contract/memberDto';
import { errorText } from '../i18n/errors';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { ApproveDeletionModal } from './ApproveDeletionModal';
import { formatFullDateTime } from './fullTime';
import { RejectDeletionModal } from './RejectDeletionModal';
import { useDeletionRequests } from './useDeletionRequests';

type Deciding = { request: DeletionRequestDto; approve: boolean } | null;

/**
 * Pending deletion requests (删除申请) for the manager to decide. Names are masked: the list is
 * on a desk screen anyone passing can read.
 */
export function DeletionRequests() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { message } = App.useApp();
  const { requests, loading, error, reload } = useDeletionRequests();
  const [deciding, setDeciding] = useState<Deciding>(null);

  const done = (text: string) => {
    setDeciding(null);
    void message.success(text);
    reload();
  };

  const columns: TableColumnsType<DeletionRequestDto> = [
    { title: t('manage.deletion.memberNo'), dataIndex: 'memberNo', width: 110 },
    { title: t('manage.deletion.name'), dataIndex: 'memberNameMasked', width: 100 },
    { title: t('manage.deletion.reason'), dataIndex: 'reason', ellipsis: { showTitle: true } },
    { title: t('manage.deletion.requestedBy'), dataIndex: 'requestedBy', width: 100, render: (v: string | null) => v ?? t('manage.unknownStaff') },
    {
      title: t('manage.deletion.requestedAt'),
      dataIndex: 'requestedAt',
      width: 180,
      render: (v: string) => formatFullDateTime(v, timeZone, locale),
    },
    {
      title: t('manage.deletion.actions'),
      key: 'actions',
      width: 210,
      render: (_: unknown, r) => (
        <div className="manage-row-actions">
          <Button danger onClick={() => setDeciding({ request: r, approve: true })}>
            {t('manage.deletion.approve')}
          </Button>
          <Button onClick={() => setDeciding({ request: r, approve: false })}>{t('manage.deletion.reject')}</Button>
        </div>
      ),
    },
  ];

  return (
    <section className="manage-section" aria-label={t('manage.tabs.deletion')}>
      <div className="manage-toolbar">
        <p className="muted manage-intro">{t('manage.deletion.intro')}</p>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {t('manage.refresh')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={t('manage.deletion.loadFailed')} description={errorText(t, error)} />}
      <Table<DeletionRequestDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={requests ?? []}
        loading={loading && requests === null}
        pagination={false}
        aria-label={t('manage.deletion.listLabel')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manage.deletion.empty')} /> }}
      />
      {deciding?.approve && (
        <ApproveDeletionModal
          request={deciding.request}
          onClose={() => setDeciding(null)}
          onDone={() => done(t('manage.deletion.approved', { memberNo: deciding.request.memberNo }))}
          onStale={reload}
        />
      )}
      {deciding && !deciding.approve && (
        <RejectDeletionModal
          request={deciding.request}
          onClose={() => setDeciding(null)}
          onDone={() => done(t('manage.deletion.rejected', { memberNo: deciding.request.memberNo }))}
          onStale={reload}
        />
      )}
    </section>
  );
}
