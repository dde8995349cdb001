import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { CardClaimProvider } from './cards/CardClaim';
import { Shell } from './components/Shell';
import { useLocale } from './i18n/useLocale';
import { DeskProvider } from './state/DeskContext';
import { NavProvider } from './state/NavContext';
import { SessionProvider } from './state/SessionContext';
import { deskTheme } from './theme';

/** Ant Design follows the i18next locale, so pickers and empty states match the desk language. */
export function App() {
  const locale = useLocale();
  return (
    // autoInsertSpace off: antd would otherwise render 签到 as "签 到".
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={deskTheme} button={{ autoInsertSpace: false }}>
      <AntApp className="desk-app">
        <SessionProvider>
          <DeskProvider>
            <NavProvider>
              <CardClaimProvider>
                <Shell />
              </CardClaimProvider>
            </NavProvider>
          </DeskProvider>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
