import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../state/DeskContext';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveClock } from './LiveClock';
import { ReaderStatus } from './ReaderStatus';
import { StaffChip } from './StaffChip';
import { SyncChip } from './SyncChip';

/** Branch and device, readers, time, language and who holds the desk: one calm line. */
function DeskHeaderComponent() {
  const { t } = useTranslation();
  const { info } = useDesk();
  return (
    <header className="desk-header">
      <div className="branch">
        <span className="branch-name">{info?.branch.name ?? t('app.title')}</span>
        {info && <span className="device">{t('header.device', { name: info.device.name })}</span>}
      </div>
      <ReaderStatus />
      <div className="header-end">
        <SyncChip />
        <LiveClock />
        <LanguageSwitch />
        <StaffChip />
      </div>
    </header>
  );
}

/** Memoised: a card tap re-renders the result and the queue, not this. */
export const DeskHeader = memo(DeskHeaderComponent);
