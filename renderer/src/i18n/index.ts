import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zhCN } from './locales/resources';

/**
 * Two locales: Simplified Chinese for reception staff (the default) and English. The choice is
 * per desk PC, so it lives in localStorage rather than in the kiosk database.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'kiosk.desk.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function savedLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be disabled (private profile, kiosk lock-down): fall back to the default.
  }
  return DEFAULT_LOCALE;
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

export async function changeLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted, but the switch still applies to this session.
  }
  await i18n.changeLanguage(locale);
}

export function initI18n(): typeof i18n {
  const lng = savedLocale();
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    // React escapes output itself; double escaping would show &amp; to staff.
    interpolation: { escapeValue: false },
    // Resources are bundled, so init can finish synchronously and the first paint is translated.
    initAsync: false,
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18n;
}
