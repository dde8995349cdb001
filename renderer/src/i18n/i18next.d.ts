import 'i18next';
import type { zhCN } from './locales/resources';

// Keys are checked against the default locale at compile time: a typo in t('…') fails tsc.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
