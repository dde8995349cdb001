import { CreditCardOutlined, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCardNumber } from '../../../core/cards/cardNumber';
import type { CardDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { useClaimCards, type TappedCard } from '../cards/CardClaim';
import { ActionDialog } from './ActionDialog';

/** The canonical UID of a tapped card, 'w26' when the reader cannot give one, null if unreadable. */
function uidOf(card: TappedCard): string | 'w26' | null {
  try {
    const key = parseCardNumber(card.card, card.format);
    return key.kind === 'uid' ? key.uid : 'w26';
  } catch {
    return null;
  }
}

/**
 * 绑卡 / 换卡: while open, the reader's taps come here instead of checking someone in. Staff see
 * the card number before confirming, so a card picked up by mistake is not bound. Replacing ends
 * the member's current card in the same step.
 */
export function CardTapDialog({ memberId, replacing, onClose, onDone }: { memberId: string; replacing: CardDto | null; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [tapped, setTapped] = useState<TappedCard | null>(null);
  useClaimCards(true, setTapped);
  // Focus rests on the tap area, not on a button: a stray Enter must not close or confirm.
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => area.current?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, []);
  const uid = tapped ? uidOf(tapped) : null;
  const sameCard = replacing !== null && uid === replacing.cardUid;
  const ready = tapped !== null && uid !== null && uid !== 'w26' && !sameCard;

  const submit = async () => {
    if (!tapped || !ready) return null;
    const card = { card: tapped.card, format: tapped.format };
    return replacing ? call('cards.replace', { memberId, card }) : call('cards.bind', { memberId, card });
  };

  return (
    <ActionDialog
      title={replacing ? t('memberPage.cards.replaceTitle') : t('memberPage.cards.bindTitle')}
      okText={replacing ? t('memberPage.cards.replaceOk') : t('memberPage.cards.bindOk')}
      okDisabled={!ready}
      submit={submit}
      successText={replacing ? t('memberPage.cards.replaced') : t('memberPage.cards.bound')}
      onClose={onClose}
      onDone={onDone}
    >
      {replacing && <p>{t('memberPage.cards.replaceIntro', { card: replacing.cardUid })}</p>}
      <div ref={area} tabIndex={-1} className={`mp-tap ${tapped ? 'mp-tap-done' : ''}`} role="status" aria-live="polite" aria-label={t('memberPage.cards.tapRegion')}>
        {tapped ? <CreditCardOutlined className="mp-tap-icon" aria-hidden /> : <LoadingOutlined className="mp-tap-icon" aria-hidden />}
        {!tapped && <p className="mp-tap-text">{t('memberPage.cards.tapPrompt')}</p>}
        {tapped && uid && uid !== 'w26' && (
          <p className="mp-tap-text">
            {t('memberPage.cards.tapped')} <strong className="mp-tap-uid">{uid}</strong>
          </p>
        )}
        {tapped && <p className="muted">{t('memberPage.cards.asRead', { card: tapped.card, format: t(`reader.formats.${tapped.format}`) })}</p>}
      </div>
      {uid === 'w26' && <Alert type="warning" showIcon title={t('memberPage.invalid.w26')} />}
      {tapped && uid === null && <Alert type="warning" showIcon title={t('error.INVALID_CARD')} />}
      {sameCard && <Alert type="warning" showIcon title={t('memberPage.cards.sameCard')} />}
      {tapped && (
        <Button type="link" onClick={() => setTapped(null)}>
          {t('memberPage.cards.tapAgain')}
        </Button>
      )}
    </ActionDialog>
  );
}
