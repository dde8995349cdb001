import { CreditCardOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CardDto } from '../../../core/contract/memberDto';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { formatInstantDate } from './dates';
import type { OpenAction } from './memberActions';

const CARD_STATUS_CLASS = { active: 'status-ok', lost: 'status-bad', replaced: 'status-none', unbound: 'status-none' } as const;

/**
 * 卡片: every card the member has held, newest first. A member holds at most one active card, so
 * the one action up top is 绑定新卡 without one and 补办换卡 with one.
 */
export function CardsTab({ cards, readOnly, onAction }: { cards: readonly CardDto[]; readOnly: boolean; onAction: OpenAction }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { can } = useSession();
  const active = cards.find((c) => c.status === 'active') ?? null;
  const mayBind = !readOnly && can('cards.bind');
  return (
    <div className="mp-tab">
      {mayBind && (
        <div className="mp-tab-actions">
          <Button type="primary" icon={<CreditCardOutlined aria-hidden />} onClick={() => onAction(active ? { kind: 'replaceCard', card: active } : { kind: 'bindCard' })}>
            {active ? t('memberPage.actions.replaceCard') : t('memberPage.actions.bindCard')}
          </Button>
        </div>
      )}
      {cards.length === 0 ? (
        <p className="muted">{t('memberPage.cards.empty')}</p>
      ) : (
        <ul className="mp-list" aria-label={t('memberPage.cards.list')}>
          {cards.map((c) => (
            <li key={c.id} className="mp-card-row">
              <div className="mp-row-main">
                <strong className="mp-uid">{c.cardUid}</strong>
                <span className={`status-pill ${CARD_STATUS_CLASS[c.status]}`}>{t(`memberPage.cardStatus.${c.status}`)}</span>
              </div>
              <div className="mp-row-meta">
                <span>{t('memberPage.cards.boundOn', { date: formatInstantDate(c.boundAt, timeZone, locale) })}</span>
                {c.endedAt && <span>{t('memberPage.cards.endedOn', { date: formatInstantDate(c.endedAt, timeZone, locale) })}</span>}
              </div>
              {c.status === 'active' && !readOnly && (
                <div className="mp-actions">
                  {can('cards.reportLost') && (
                    <Button danger onClick={() => onAction({ kind: 'reportLost', card: c })}>
                      {t('memberPage.actions.reportLost')}
                    </Button>
                  )}
                  {can('cards.bind') && <Button onClick={() => onAction({ kind: 'unbindCard', card: c })}>{t('memberPage.actions.unbindCard')}</Button>}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
