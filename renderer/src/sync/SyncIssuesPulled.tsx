import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PullIssueDto } from '../../../core/contract/syncMethods';
import { useIssueColumns } from './issueColumns';
import { pullIssueWords } from './syncWords';

const PAGE_SIZE = 8;

interface Props {
  items: PullIssueDto[];
}

/**
 * The second half of 同步问题: rows head office sent that this PC could not take as sent (a row
 * its database refused, a branch code or member number that had to move aside), newest first.
 * The services send references and fixed words only, so nothing here can show personal data.
 */
export function SyncIssuesPulled({ items }: Props) {
  const { t } = useTranslation();

  const columns = useIssueColumns<PullIssueDto>({
    what: (r) => pullIssueWords(t, r).what,
    when: (r) => r.at,
    why: (r) => (
      <>
        <span>{pullIssueWords(t, r).why}</span>
        {r.resolved !== null && (
          <div className="sync-issue-state">
            <Tag color={r.resolved ? 'success' : 'warning'}>{r.resolved ? t('sync.pulled.resolved') : t('sync.pulled.waiting')}</Tag>
          </div>
        )}
      </>
    ),
  });

  return (
    <section className="sync-issues-pulled" aria-label={t('sync.issues.pulledTitle')}>
      <div className="sync-issues-subhead">
        <h4>{t('sync.issues.pulledTitle')}</h4>
        <span className="muted">{t('sync.issues.pulledCount', { count: items.length })}</span>
      </div>
      <p className="muted sync-issues-intro">{t('sync.issues.pulledIntro')}</p>
      <Table<PullIssueDto>
        rowKey="auditSeq"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false, size: 'small' } : false}
      />
    </section>
  );
}
