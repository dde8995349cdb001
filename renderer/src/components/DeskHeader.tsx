import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../state/DeskContext';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveClock } from './LiveClock';
import { ReaderStatus } from './ReaderStatus';
import { StaffSelect } from './StaffSelect';

/** Branch and device, staff on duty, readers, time and language: one calm line. */
function DeskHeaderComponent() {
  const { t } = useTranslation();
  const { info } = useDesk();
  return (
    <header className="desk-header">
      <div className="branch">
        <span className="branch-name">{info?.branch.name ?? t('app.title')}</span>
        {info && <span className="device">{t('header.device', { name: info.device.name })}</span>}
      </div>
      <div className="on-duty">
        <span className="on-duty-label" aria-hidden>
          {t('header.onDuty')}
        </span>
        <StaffSelect />
      </div>
      <ReaderStatus />
      <div className="header-end">
        <LiveClock />
        <LanguageSwitch />
      </div>
    </header>
  );
}

/** Memoised: a card tap re-renders the result and the queue, not this. */
export const DeskHeader = memo(DeskHeaderComponent);
