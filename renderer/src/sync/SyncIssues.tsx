import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PullIssueDto, SyncIssueDto } from '../../../core/contract/syncMethods';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useIssueColumns } from './issueColumns';
import { SyncIssuesPulled } from './SyncIssuesPulled';
import { mutationWords, reasonWords } from './syncWords';

const PAGE_SIZE = 8;

interface Props {
  /** Changes when a sync ran (a new status): the list is asked again. */
  refreshKey?: string;
}

/**
 * 同步问题: records head office refused for good, newest first, a page at a time, in staff's
 * words — what it was, when, why — and for a card conflict whose card it now is; then the rows
 * head office sent that this PC could not take as sent (SyncIssuesPulled). Names and member
 * numbers only: the services never send contact or ID data here.
 */
export function SyncIssues({ refreshKey }: Props) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: SyncIssueDto[]; pulled: PullIssueDto[] } | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<DeskError | null>(null);

  const load = useCallback(async (p: number) => {
    setLoading(true);
    const res = await call('sync.issues', { page: p, pageSize: PAGE_SIZE });
    setLoading(false);
    if (res.ok) {
      setError(null);
      setData(res.value);
    } else setError(res.error);
  }, []);

  useEffect(() => {
    void load(page);
  }, [load, page, refreshKey]);

  const columns = useIssueColumns<SyncIssueDto>({
    what: (r) => mutationWords(t, r.name),
    when: (r) => r.deviceTime,
    why: (r) => (
      <>
        <strong>{reasonWords(t, r.code)}</strong>
        {r.winner && <div className="sync-issue-winner">{t('sync.issues.winner', { name: r.winner.name, no: r.winner.memberNo })}</div>}
        {r.message && (
          <div className="muted sync-issue-message" title={r.message}>
            {r.message}
          </div>
        )}
      </>
    ),
  });

  return (
    <section className="sync-card sync-issues" aria-label={t('sync.issues.title')}>
      <div className="sync-card-head">
        <h3>{t('sync.issues.title')}</h3>
        {data && data.total > 0 && <span className="muted">{t('sync.issues.total', { count: data.total })}</span>}
        {/* The rows from head office are listed below the refused ones: said here so they are not missed. */}
        {data && data.pulled.length > 0 && <span className="muted">{t('sync.issues.pulledTotal', { count: data.pulled.length })}</span>}
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void load(page)} loading={loading && data !== null}>
          {t('sync.issues.reload')}
        </Button>
      </div>
      {data && data.total > 0 && <p className="muted sync-issues-intro">{t('sync.issues.intro')}</p>}
      {error && <Alert type="error" showIcon title={t('sync.issues.loadFailed')} description={errorText(t, error)} />}
      {/* The refused records' table; with none of them but issues from head office, that list stands alone. */}
      {(!data || data.total > 0 || data.pulled.length === 0) && (
        <Table<SyncIssueDto>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          aria-label={t('sync.issues.title')}
          pagination={data && data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, onChange: setPage, size: 'small' } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sync.issues.empty')} /> }}
        />
      )}
      {data && data.pulled.length > 0 && <SyncIssuesPulled items={data.pulled} />}
    </section>
  );
}
