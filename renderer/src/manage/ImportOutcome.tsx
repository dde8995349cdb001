import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { ImportErrorTable } from './ImportErrorTable';
import { formatYuan } from '../i18n/money';
import type { ImportState } from './useCsvImport';

interface Props {
  state: ImportState;
  busy: boolean;
  onImport(): void;
  onReset(): void;
}

/**
 * Where the import stands: refused before reading, refused line by line (nothing imported),
 * checked and waiting for staff to import, or imported.
 */
export function ImportOutcome({ state, busy, onImport, onReset }: Props) {
  const { t } = useTranslation();
  const { problem, summary, errors } = state;
  if (problem) {
    const description = problem.kind === 'service' ? errorText(t, problem.error) : t(`manage.import.problem.${problem.kind}`);
    return <Alert type="error" showIcon title={t('manage.import.notImported')} description={description} />;
  }
  if (state.phase === 'imported' && summary) {
    return (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleFilled />}
        title={t('manage.import.imported', { count: summary.rows, total: formatYuan(summary.totalFen) })}
        description={t('manage.import.importedHint')}
        action={<Button onClick={onReset}>{t('manage.import.done')}</Button>}
      />
    );
  }
  if (errors) {
    return (
      <div className="manage-import-errors">
        <Alert type="error" showIcon title={t('manage.import.refused')} description={t('manage.import.refusedHint', { count: errors.length })} />
        <ImportErrorTable errors={errors} />
      </div>
    );
  }
  if (summary) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('manage.import.summary', { count: summary.rows, total: formatYuan(summary.totalFen) })}
        description={t('manage.import.summaryHint')}
        action={
          <div className="manage-row-actions">
            <Button type="primary" size="large" onClick={onImport} loading={state.phase === 'importing'} disabled={busy}>
              {t('manage.import.import')}
            </Button>
            <Button size="large" onClick={onReset} disabled={busy}>
              {t('manage.cancel')}
            </Button>
          </div>
        }
      />
    );
  }
  return null;
}
