import { useTranslation } from 'react-i18next';
import type { CardDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { ActionDialog } from './ActionDialog';

/**
 * 挂失 or 解绑 of the member's active card, after a confirmation. A lost card stays on record so
 * the door still recognises it (and refuses it); an unbound one may be bound again later.
 */
export function CardEndDialog({ card, ending, onClose, onDone }: { card: CardDto; ending: 'lost' | 'unbind'; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const lost = ending === 'lost';
  return (
    <ActionDialog
      title={lost ? t('memberPage.cards.lostTitle') : t('memberPage.cards.unbindTitle')}
      okText={lost ? t('memberPage.cards.lostOk') : t('memberPage.cards.unbindOk')}
      danger
      submit={() => (lost ? call('cards.reportLost', { bindingId: card.id }) : call('cards.unbind', { bindingId: card.id }))}
      successText={lost ? t('memberPage.cards.lostDone') : t('memberPage.cards.unbound')}
      onClose={onClose}
      onDone={onDone}
    >
      <p>{t('memberPage.cards.cardLine', { card: card.cardUid })}</p>
      <p>{lost ? t('memberPage.cards.lostIntro') : t('memberPage.cards.unbindIntro')}</p>
    </ActionDialog>
  );
}
