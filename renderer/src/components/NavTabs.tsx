import { AppstoreOutlined, IdcardOutlined, ScanOutlined, SettingOutlined, UserAddOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../core/staff/permissions';
import { useNav, type Page } from '../state/NavContext';
import { useSession } from '../state/SessionContext';

/** The desk's screens, each shown only to roles that may use it (the services check again). */
export const PAGES: { page: Page; needs: Permission; icon: ReactNode }[] = [
  { page: 'desk', needs: 'checkin.card', icon: <ScanOutlined /> },
  { page: 'members', needs: 'members.read', icon: <IdcardOutlined /> },
  { page: 'register', needs: 'members.register', icon: <UserAddOutlined /> },
  { page: 'manage', needs: 'audit.read', icon: <SettingOutlined /> },
];

/**
 * A rail of large buttons down the left edge: touch-friendly, always in the same place, and it
 * leaves the header one line at 1366 px in either language.
 */
export function NavTabs() {
  const { t } = useTranslation();
  const { page: chosen, go } = useNav();
  const { can, state } = useSession();
  if (state?.status !== 'active') return null;
  const pages = PAGES.filter((p) => can(p.needs));
  const page = pages.some((p) => p.page === chosen) ? chosen : pages[0]?.page;
  return (
    <nav className="nav-rail" aria-label={t('session.nav.label')}>
      {pages.map((p) => (
        <button key={p.page} type="button" className="nav-item" aria-current={page === p.page ? 'page' : undefined} onClick={() => go(p.page)}>
          <span className="nav-icon" aria-hidden>
            {p.icon ?? <AppstoreOutlined />}
          </span>
          <span className="nav-label">{t(`session.nav.${p.page}`)}</span>
        </button>
      ))}
    </nav>
  );
}
