import { LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../state/SessionContext';

/** Who holds the desk, with lock (stepping away) and sign-out. Visits and changes record them. */
export function StaffChip() {
  const { t } = useTranslation();
  const { state, lock, signOut } = useSession();
  if (state?.status !== 'active') return null;
  return (
    <div className="staff-chip">
      <span className="staff-name" aria-label={t('header.onDuty')}>
        {t('header.staffOption', { name: state.staff.name, role: t(`role.${state.staff.role}`) })}
      </span>
      <Tooltip title={t('session.lock')}>
        <Button icon={<LockOutlined />} aria-label={t('session.lock')} onClick={() => void lock()} />
      </Tooltip>
      <Tooltip title={t('session.signOut')}>
        <Button icon={<LogoutOutlined />} aria-label={t('session.signOut')} onClick={() => void signOut()} />
      </Tooltip>
    </div>
  );
}
