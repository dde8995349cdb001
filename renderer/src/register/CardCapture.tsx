import { CreditCardOutlined, WifiOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { CardNumberError, parseCardNumber } from '../../../core/cards/cardNumber';
import { useClaimCards, type TappedCard } from '../cards/CardClaim';

interface Props {
  card: TappedCard | null;
  onCard(card: TappedCard | null): void;
  /** The service's word on the card (already bound to someone), translated. */
  error: string | null;
  busy: boolean;
}

/**
 * The card UID as the service will store it, or why it cannot be bound. Wiegand-26 drops the
 * UID's top byte, so the service refuses to bind from it; saying so at the tap saves a round trip.
 */
function cardCheck(card: TappedCard): { uid: string } | { problem: 'w26' | 'unreadable' } {
  if (card.format === 'w26') return { problem: 'w26' };
  try {
    const key = parseCardNumber(card.card, card.format);
    return key.kind === 'uid' ? { uid: key.uid } : { problem: 'w26' };
  } catch (error) {
    if (error instanceof CardNumberError) return { problem: 'unreadable' };
    throw error;
  }
}

/** True when the tapped card can be sent for binding. */
export function cardIsBindable(card: TappedCard | null): boolean {
  return card === null || 'uid' in cardCheck(card);
}

/**
 * "请会员刷卡": the screen holds the reader for as long as the form is open, so a tap binds here
 * instead of checking someone in (and sending the clerk away from a half-filled form). A second
 * tap replaces the first; the card is optional.
 */
export function CardCapture({ card, onCard, error, busy }: Props) {
  const { t } = useTranslation();
  useClaimCards(true, (tapped) => {
    if (!busy) onCard(tapped);
  });
  const check = card ? cardCheck(card) : null;
  const problem = check && 'problem' in check ? t(`register.card.${check.problem}`) : error;

  return (
    <section className="reg-block" aria-labelledby="reg-card-title">
      <h3 className="reg-block-title" id="reg-card-title">
        {t('register.sections.card')}
      </h3>
      {card ? (
        <div className={`reg-card-read${problem ? ' reg-card-bad' : ''}`}>
          <CreditCardOutlined className="reg-card-icon" />
          <div className="reg-card-text">
            <div className="reg-card-number">{t('register.card.number', { card: card.card })}</div>
            <div className="reg-note">
              {check && 'uid' in check ? `${t('register.card.uid', { uid: check.uid })} · ` : ''}
              {t(`reader.formats.${card.format}`)} · {t('register.card.replaceHint')}
            </div>
          </div>
          <Button disabled={busy} onClick={() => onCard(null)}>
            {t('register.card.clear')}
          </Button>
        </div>
      ) : (
        <div className="reg-card-wait" role="status" aria-live="polite">
          <WifiOutlined className="reg-card-wave" rotate={90} />
          <div>
            <div className="reg-card-wait-title">{t('register.card.waiting')}</div>
            <div className="reg-note">{t('register.card.waitingHint')}</div>
          </div>
        </div>
      )}
      {problem && (
        <p className="reg-area-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
