import { Spin } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardFormat } from '../../../core/cards/cardFormat';
import { useCardClaims } from '../cards/CardClaim';
import { useHidCards } from '../cards/useHidCards';
import { useWedgeCapture } from '../cards/useWedgeCapture';
import { ManagePage } from '../pages/ManagePage';
import { MembersPage } from '../pages/MembersPage';
import { RegisterPage } from '../pages/RegisterPage';
import { useDesk } from '../state/DeskContext';
import { useNav } from '../state/NavContext';
import { useSession } from '../state/SessionContext';
import { useTapQueue } from '../state/useTapQueue';
import { Desk } from './Desk';
import { DeskHeader } from './DeskHeader';
import { NavTabs, PAGES } from './NavTabs';
import { SignInScreen } from './SignInScreen';

/** The keyboard reader's id in readers.list (services/readerRegistry WEDGE_READER_ID). */
const WEDGE_READER_ID = 'wedge';

/**
 * The desk's frame: header, the four screens, and card capture for all of them. A tap checks the
 * member in and brings the check-in screen forward, unless a screen has claimed the card (binding
 * a card at registration). While the desk is locked taps still check members in behind the lock
 * screen, which shows only the decision.
 */
export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const { readers } = useDesk();
  const nav = useNav();
  const claims = useCardClaims();
  const queue = useTapQueue();
  const wedgeFormat = readers.find((r) => r.kind === 'wedge')?.format ?? 'dec10';
  const status = session.state?.status ?? null;
  const { tapCard } = queue;
  const { go } = nav;

  const onCard = useCallback(
    (card: string, format: CardFormat, readerId: string) => {
      const claimant = status === 'active' ? claims.current() : null;
      if (claimant) {
        claimant({ card, format });
        return;
      }
      if (status === 'signedOut' || status === null) return;
      tapCard(card, format, readerId);
      if (status === 'active') go('desk');
    },
    [status, claims, tapCard, go],
  );
  useWedgeCapture({ format: wedgeFormat, onCard: useCallback((raw: string) => onCard(raw, wedgeFormat, WEDGE_READER_ID), [onCard, wedgeFormat]) });
  useHidCards(useCallback((uid: string, readerId: string) => onCard(uid, 'hex', readerId), [onCard]));

  // A coach may not take card taps: their desk opens on the members screen instead.
  const allowed = PAGES.filter((p) => session.can(p.needs)).map((p) => p.page);
  const page = allowed.includes(nav.page) ? nav.page : (allowed[0] ?? 'desk');

  if (status === null) {
    return (
      <div className="desk-loading">
        <Spin /> <span>{t('session.loading')}</span>
      </div>
    );
  }
  return (
    <div className="desk">
      <DeskHeader />
      {status === 'active' && (
        <div className="desk-frame">
          <NavTabs />
          {allowed.includes('desk') && (
            <div className="page" hidden={page !== 'desk'}>
              <Desk queue={queue} />
            </div>
          )}
          {page === 'members' && <MembersPage />}
          {page === 'register' && <RegisterPage />}
          {page === 'manage' && <ManagePage />}
        </div>
      )}
      {status !== 'active' && <SignInScreen latest={status === 'locked' ? queue.shown : null} />}
    </div>
  );
}
