import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { CHINESE_HEADER, POS_COLUMNS, REQUIRED_COLUMNS, SAMPLE_FILE_NAME, sampleCsv } from './posFormat';

/**
 * The columns the POS file needs, with the header names the parser accepts, and a sample file to
 * download: most import problems are a renamed or missing column.
 */
export function ImportFormatHelp() {
  const { t } = useTranslation();
  const locale = useLocale();
  const href = useMemo(() => URL.createObjectURL(new Blob([sampleCsv(locale)], { type: 'text/csv;charset=utf-8' })), [locale]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);

  return (
    <aside className="manage-import-help" aria-label={t('manage.import.formatTitle')}>
      <h3>{t('manage.import.formatTitle')}</h3>
      <table className="manage-format-table">
        <thead>
          <tr>
            <th>{t('manage.import.formatHeader')}</th>
            <th>{t('manage.import.formatRule')}</th>
          </tr>
        </thead>
        <tbody>
          {POS_COLUMNS.map((c) => (
            <tr key={c}>
              <td>
                <code>{c}</code> / <code>{CHINESE_HEADER[c]}</code>
                {!REQUIRED_COLUMNS.has(c) && <span className="muted"> {t('manage.import.optional')}</span>}
              </td>
              <td>{t(`manage.import.rule.${c}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted manage-format-note">{t('manage.import.formatNote')}</p>
      <Button className="manage-sample-link" href={href} download={SAMPLE_FILE_NAME} icon={<DownloadOutlined aria-hidden />}>
        {t('manage.import.sample')}
      </Button>
    </aside>
  );
}
