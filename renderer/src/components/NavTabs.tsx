import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../core/staff/permissions';
import { useNav, type Page } from '../state/NavContext';
import { useSession } from '../state/SessionContext';

/** The desk's screens, each shown only to roles that may use it (the services check again). */
const PAGES: { page: Page; needs: Permission }[] = [
  { page: 'desk', needs: 'checkin.card' },
  { page: 'members', needs: 'members.read' },
  { page: 'register', needs: 'members.register' },
  { page: 'manage', needs: 'audit.read' },
];

export function NavTabs() {
  const { t } = useTranslation();
  const { page, go } = useNav();
  const { can, state } = useSession();
  if (state?.status !== 'active') return null;
  const options = PAGES.filter((p) => can(p.needs)).map((p) => ({ value: p.page, label: t(`session.nav.${p.page}`) }));
  return <Segmented className="nav-tabs" aria-label={t('session.nav.label')} value={page} options={options} onChange={(v) => go(v as Page)} />;
}
