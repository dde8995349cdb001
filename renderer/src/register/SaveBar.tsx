import { CheckOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusChip } from './StatusChip';

interface Props {
  busy: boolean;
  hasPhoto: boolean;
  hasCard: boolean;
  onSave(): void;
}

/** The save button, with what is still missing named next to it (neither blocks saving). */
export function SaveBar({ busy, hasPhoto, hasCard, onSave }: Props) {
  const { t } = useTranslation();
  return (
    <div className="reg-save">
      <div className="reg-save-missing">
        {!hasPhoto && <StatusChip tone="warn">{t('register.save.noPhoto')}</StatusChip>}
        {!hasCard && <StatusChip tone="neutral">{t('register.save.noCard')}</StatusChip>}
      </div>
      <Button type="primary" size="large" icon={<CheckOutlined />} loading={busy} onClick={onSave} className="reg-save-button">
        {t('register.save.submit')}
      </Button>
    </div>
  );
}
