import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { importColumnText, importErrorText, type ImportLineError } from './importErrors';

/** The refused file's errors, one row per problem, in line order as the service sends them. */
export function ImportErrorTable({ errors }: { errors: ImportLineError[] }) {
  const { t } = useTranslation();
  const rows = errors.map((e, i) => ({ ...e, key: i }));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    {
      title: t('manage.import.errorLine'),
      dataIndex: 'line',
      width: 110,
      render: (line: number) => (line === 0 ? t('manage.import.wholeFile') : t('manage.import.lineNo', { line })),
    },
    { title: t('manage.import.errorColumn'), dataIndex: 'column', width: 170, render: (c: string | null) => importColumnText(t, c) || '—' },
    { title: t('manage.import.errorText'), key: 'text', render: (_: unknown, e) => importErrorText(t, e) },
  ];
  return (
    <Table
      className="manage-error-table"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      aria-label={t('manage.import.errorsLabel')}
    />
  );
}
