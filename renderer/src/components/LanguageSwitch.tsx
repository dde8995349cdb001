import { GlobalOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, changeLocale, isLocale } from '../i18n';
import { useLocale } from '../i18n/useLocale';

/** 简体中文 / English, remembered on this PC. Each language is named in itself. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="language" role="group" aria-label={t('header.language')}>
      <GlobalOutlined aria-hidden />
      <Segmented
        size="small"
        value={locale}
        onChange={(v) => {
          if (isLocale(v)) void changeLocale(v);
        }}
        options={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}`) }))}
      />
    </div>
  );
}
