import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportFormatHelp } from './ImportFormatHelp';
import { ImportOutcome } from './ImportOutcome';
import { useCsvImport } from './useCsvImport';

/**
 * 导入消费记录: a point-of-sale CSV, checked in a dry run as soon as it is chosen, imported only
 * after staff see how many records and how much money it holds. Any bad line and nothing goes
 * in; the lines to fix are listed instead.
 */
export function ConsumptionImport() {
  const { t } = useTranslation();
  const { state, choose, commit, reset } = useCsvImport();
  const input = useRef<HTMLInputElement>(null);
  const busy = state.phase === 'reading' || state.phase === 'checking' || state.phase === 'importing';

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared so choosing the same (corrected) file again fires another change.
    e.target.value = '';
    if (file) void choose(file);
  };

  return (
    <section className="manage-section manage-import" aria-label={t('manage.tabs.import')}>
      <div className="manage-import-main">
        <p className="muted manage-intro">{t('manage.import.intro')}</p>
        <div className="manage-toolbar">
          <input ref={input} type="file" accept=".csv,text/csv" className="manage-file-input" aria-label={t('manage.import.chooseFile')} onChange={onFile} disabled={busy} />
          <Button type="primary" size="large" icon={<UploadOutlined />} onClick={() => input.current?.click()} disabled={busy}>
            {state.fileName ? t('manage.import.chooseAnother') : t('manage.import.chooseFile')}
          </Button>
          {state.fileName && (
            <span className="manage-file-name">
              <FileTextOutlined aria-hidden /> {state.fileName}
            </span>
          )}
        </div>
        {busy && (
          <div className="manage-busy" role="status">
            <Spin /> <span>{t(`manage.import.busy.${state.phase as 'reading' | 'checking' | 'importing'}`)}</span>
          </div>
        )}
        <ImportOutcome state={state} busy={busy} onImport={() => void commit()} onReset={reset} />
      </div>
      <ImportFormatHelp />
    </section>
  );
}
