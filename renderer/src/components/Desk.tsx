import { Alert, Button, Spin } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useHidCards } from '../cards/useHidCards';
import { useWedgeCapture } from '../cards/useWedgeCapture';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';
import { useTapQueue } from '../state/useTapQueue';
import { CurrentResult } from './CurrentResult';
import { DeskHeader } from './DeskHeader';
import { MemberSearch } from './MemberSearch';
import { TapQueue } from './TapQueue';

/** The keyboard reader's id in readers.list (services/readerRegistry WEDGE_READER_ID). */
const WEDGE_READER_ID = 'wedge';

/**
 * The staff check-in desk. Card capture runs for the whole page from the start (a card may be
 * tapped while staff type in the search box); taps go into the queue and never wait for each other.
 */
export function Desk() {
  const { t } = useTranslation();
  const { info, loadError, reload, readers } = useDesk();
  const queue = useTapQueue();
  const wedgeFormat = readers.find((r) => r.kind === 'wedge')?.format ?? 'dec10';
  const { tapCard } = queue;

  const onWedgeCard = useCallback(
    (raw: string) => tapCard(raw, wedgeFormat, WEDGE_READER_ID),
    [tapCard, wedgeFormat],
  );
  useWedgeCapture({ format: wedgeFormat, onCard: onWedgeCard });
  useHidCards(useCallback((uid: string, readerId: string) => void tapCard(uid, 'hex', readerId), [tapCard]));

  return (
    <div className="desk">
      <DeskHeader />
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
          <CurrentResult entry={queue.shown} onOverridden={queue.markOverridden} onQuota={queue.updateQuota} />
        </main>
        <aside className="desk-side">
          <MemberSearch onCheckIn={queue.checkInMember} />
          <TapQueue entries={queue.entries} shownKey={queue.shown?.key ?? null} onSelect={queue.select} />
        </aside>
      </div>
    </div>
  );
}
