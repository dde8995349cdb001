import { Tabs, type TabsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditLog } from '../manage/AuditLog';
import { ConsumptionImport } from '../manage/ConsumptionImport';
import { DeletionRequests } from '../manage/DeletionRequests';
import { StaffPins } from '../manage/StaffPins';
import { SyncEnroll } from '../manage/SyncEnroll';
import { useSession } from '../state/SessionContext';
import '../manage/manage.css';

type Section = 'deletion' | 'import' | 'audit' | 'pins' | 'sync';

/**
 * 店务管理, for managers and head office: deletion requests, the POS consumption import, the audit
 * log, staff PINs and (head office) the link to head office. Each section shows only to roles the services would let through. The lists
 * (requests, audit log) load afresh each time their tab opens; an import in progress keeps its
 * state while staff look at another tab.
 */
export function ManagePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [active, setActive] = useState<Section | null>(null);

  const items: NonNullable<TabsProps['items']> = [];
  if (can('members.approveDeletion')) items.push({ key: 'deletion', label: t('manage.tabs.deletion'), children: <DeletionRequests />, destroyOnHidden: true });
  if (can('consumption.import')) items.push({ key: 'import', label: t('manage.tabs.import'), children: <ConsumptionImport /> });
  if (can('audit.read')) items.push({ key: 'audit', label: t('manage.tabs.audit'), children: <AuditLog />, destroyOnHidden: true });
  items.push({ key: 'pins', label: t('manage.tabs.pins'), children: <StaffPins /> });
  if (can('audit.read')) items.push({ key: 'sync', label: t('manage.tabs.sync'), children: <SyncEnroll />, destroyOnHidden: true });
  const current = active && items.some((i) => i.key === active) ? active : (items[0]?.key as Section);

  return (
    <main className="page manage-page" aria-label={t('session.nav.manage')}>
      <Tabs activeKey={current} onChange={(k) => setActive(k as Section)} items={items} size="large" />
    </main>
  );
}
