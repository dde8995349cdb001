import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { SyncScreen } from './SyncScreen';

/** The sync page opened from the header chip, over whatever screen staff are on. */
export function SyncDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer open={open} onClose={onClose} title={t('sync.page.title')} size={720} destroyOnHidden className="sync-drawer">
      <SyncScreen />
    </Drawer>
  );
}
