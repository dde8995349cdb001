import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';
import { useNav } from '../state/NavContext';
import type { TapQueue as TapQueueState } from '../state/useTapQueue';
import { CurrentResult } from './CurrentResult';
import { MemberSearch } from './MemberSearch';
import { TapQueue } from './TapQueue';

/**
 * The staff check-in desk: the current result, search for members without their card, and the
 * queue of recent taps. Card capture lives in the shell, so taps never wait for this screen.
 */
export function Desk({ queue }: { queue: TapQueueState }) {
  const { t } = useTranslation();
  const { info, loadError, reload } = useDesk();
  const { openMember } = useNav();
  return (
    <>
      {loadError && (
        <Alert
          className="desk-error"
          type="error"
          showIcon
          title={t('app.deskUnavailable')}
          description={errorText(t, loadError)}
          action={<Button onClick={reload}>{t('app.retry')}</Button>}
        />
      )}
      {!info && !loadError && (
        <div className="desk-loading">
          <Spin /> <span>{t('app.loadingDesk')}</span>
        </div>
      )}
      <div className="desk-body">
        <main className="desk-main">
          <CurrentResult entry={queue.shown} onOverridden={queue.markOverridden} onQuota={queue.updateQuota} onOpenMember={openMember} />
        </main>
        <aside className="desk-side">
          <MemberSearch onCheckIn={queue.checkInMember} />
          <TapQueue entries={queue.entries} shownKey={queue.shown?.key ?? null} onSelect={queue.select} />
        </aside>
      </div>
    </>
  );
}
