import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Select, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryDto } from '../../../core/contract/staffDto';
import { errorText } from '../i18n/errors';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { AuditVerify } from './AuditVerify';
import { AUDIT_ACTIONS, auditActionText, auditActorText, auditDetailsText, auditEntityText } from './auditText';
import { formatFullDateTime } from './fullTime';
import { AUDIT_MAX, useAuditLog, type AuditFilter } from './useAuditLog';

/**
 * Enough of an id to tell rows apart on screen; the full id is in the tooltip and the filter. The
 * tail, not the head: ids are time-ordered (UUIDv7), so rows written together share their head.
 */
const shortId = (id: string) => (id.length > 12 ? `…${id.slice(-8)}` : id);

/**
 * 审计日志: who did what, newest first, filterable by action and by record. Clicking a record id
 * narrows the log to that record (a member's whole story, say).
 */
export function AuditLog() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [idText, setIdText] = useState('');
  const { entries, loading, error, hasMore, atMax, loadMore, reload } = useAuditLog(filter);

  const applyId = (value: string) => setFilter((f) => ({ ...f, entityId: value.trim() || undefined }));
  const showRecord = (id: string) => {
    setIdText(id);
    applyId(id);
  };

  const columns: TableColumnsType<AuditEntryDto> = [
    { title: t('manage.audit.time'), dataIndex: 'at', width: 170, render: (at: string) => formatFullDateTime(at, timeZone, locale) },
    { title: t('manage.audit.actorColumn'), key: 'actor', width: 100, render: (_: unknown, e) => auditActorText(t, e) },
    { title: t('manage.audit.actionColumn'), dataIndex: 'action', width: 190, render: (a: string) => <span title={a}>{auditActionText(t, a)}</span> },
    {
      title: t('manage.audit.record'),
      key: 'record',
      width: 200,
      render: (_: unknown, e) => (
        <span className="manage-record">
          {auditEntityText(t, e.entity)}
          {e.entityId && (
            <Button type="link" size="small" className="manage-id" title={t('manage.audit.filterRecord', { id: e.entityId })} onClick={() => showRecord(e.entityId ?? '')}>
              {shortId(e.entityId)}
            </Button>
          )}
        </span>
      ),
    },
    { title: t('manage.audit.details'), key: 'details', render: (_: unknown, e) => <span className="manage-details">{auditDetailsText(e.details)}</span> },
  ];

  const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionText(t, a) }));

  return (
    <section className="manage-section" aria-label={t('manage.tabs.audit')}>
      <div className="manage-toolbar manage-audit-toolbar">
        <Select
          className="manage-action-filter"
          aria-label={t('manage.audit.filterAction')}
          placeholder={t('manage.audit.allActions')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={actionOptions}
          value={filter.action}
          onChange={(v: string | undefined) => setFilter((f) => ({ ...f, action: v }))}
        />
        <Input.Search
          className="manage-id-filter"
          aria-label={t('manage.audit.filterId')}
          placeholder={t('manage.audit.filterIdPlaceholder')}
          allowClear
          value={idText}
          maxLength={64}
          enterButton={<SearchOutlined aria-label={t('manage.audit.search')} />}
          onChange={(e) => {
            setIdText(e.target.value);
            if (e.target.value === '') applyId('');
          }}
          onSearch={applyId}
        />
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && entries !== null}>
          {t('manage.refresh')}
        </Button>
        <AuditVerify />
      </div>
      {error && <Alert type="error" showIcon title={t('manage.audit.loadFailed')} description={errorText(t, error)} />}
      <Table<AuditEntryDto>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={entries ?? []}
        loading={loading}
        pagination={false}
        aria-label={t('manage.audit.listLabel')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manage.audit.empty')} /> }}
      />
      <div className="manage-more">
        {entries && entries.length > 0 && <span className="muted">{t('manage.audit.shown', { count: entries.length })}</span>}
        {hasMore && (
          <Button onClick={loadMore} loading={loading}>
            {t('manage.audit.loadMore')}
          </Button>
        )}
        {atMax && <span className="muted">{t('manage.audit.max', { max: AUDIT_MAX })}</span>}
      </div>
    </section>
  );
}
