import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';

/** The what / when / why columns both lists of 同步问题 show, with the same widths and classes. */
export function useIssueColumns<T>(cells: { what: (r: T) => ReactNode; when: (r: T) => string; why: (r: T) => ReactNode }): TableColumnsType<T> {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  return [
    { key: 'what', title: t('sync.issues.what'), width: 180, render: (_, r) => <span className="sync-issue-what">{cells.what(r)}</span> },
    { key: 'when', title: t('sync.issues.when'), width: 130, render: (_, r) => <span className="sync-issue-when">{formatDateTime(cells.when(r), timeZone, locale)}</span> },
    { key: 'why', title: t('sync.issues.why'), render: (_, r) => <div className="sync-issue-why">{cells.why(r)}</div> },
  ];
}
