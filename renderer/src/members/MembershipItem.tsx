import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MembershipDto, MembershipEventDto } from '../../../core/contract/memberDto';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useSession } from '../state/SessionContext';
import { STATUS_CLASS } from './currentMembership';
import { useBranchToday } from './dates';
import type { OpenAction } from './memberActions';
import { formatYuan } from '../i18n/money';
import { planLabel } from './planName';

interface Action {
  key: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
  run(): void;
}

interface Props {
  membership: MembershipDto;
  history: readonly MembershipEventDto[];
  readOnly: boolean;
  onAction: OpenAction;
}

/**
 * One membership: plan, status as of today, dates, freeze window and a waiting refund, with the
 * actions this staff member's role allows and the membership's state makes sensible (the
 * services decide; a button shown in vain ends in a plain refusal, never a silent one).
 */
export function MembershipItem({ membership: m, history, readOnly, onAction }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = useBranchToday();
  const { can } = useSession();
  const date = (d: string) => formatCalendarDate(d, locale);
  const cancelled = m.status === 'cancelled';
  const freezeOpen = m.status === 'frozen' && (m.frozenUntil === null || m.frozenUntil >= today);
  const canFreeze = !cancelled && !freezeOpen && (m.effectiveStatus === 'active' || m.effectiveStatus === 'not_started');
  const refund = m.pendingRefundId ? (history.find((e) => e.id === m.pendingRefundId) ?? null) : null;

  const pending = m.pendingRefundId !== null;
  const offered: (Action | false)[] = [
    can('membership.freeze') && canFreeze && { key: 'freeze', label: t('memberPage.actions.freeze'), run: () => onAction({ kind: 'freeze', membership: m }) },
    can('membership.freeze') && freezeOpen && { key: 'unfreeze', label: t('memberPage.actions.unfreeze'), run: () => onAction({ kind: 'unfreeze', membership: m }) },
    can('membership.renew') && !cancelled && { key: 'renew', label: t('memberPage.actions.renew'), primary: true, run: () => onAction({ kind: 'renew', membership: m }) },
    can('membership.renew') && !cancelled && !pending && { key: 'refund', label: t('memberPage.actions.requestRefund'), run: () => onAction({ kind: 'requestRefund', membership: m }) },
    can('membership.refund') && pending && { key: 'decide', label: t('memberPage.actions.decideRefund'), primary: true, run: () => onAction({ kind: 'decideRefund', membership: m, request: refund }) },
    can('membership.cancel') && !cancelled && { key: 'cancel', label: t('memberPage.actions.cancel'), danger: true, run: () => onAction({ kind: 'cancel', membership: m }) },
  ];
  const actions = readOnly ? [] : offered.filter((a): a is Action => a !== false);

  return (
    <article className="mp-membership" aria-label={t('memberPage.membership.itemAria', { plan: planLabel(m, locale) })}>
      <div className="mp-membership-head">
        <strong className="mp-plan">{planLabel(m, locale)}</strong>
        <span className={`status-pill ${STATUS_CLASS[m.effectiveStatus]}`}>{t(`member.status.${m.effectiveStatus}`)}</span>
        {pending && <span className="status-pill status-warn">{t('memberPage.membership.refundPending')}</span>}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('member.validity')}</dt>
          <dd>{t('member.validRange', { from: date(m.startsOn), to: date(m.validUntil) })}</dd>
        </div>
        {m.status === 'frozen' && (
          <div>
            <dt>{t('memberPage.membership.frozen')}</dt>
            <dd>{m.frozenFrom && m.frozenUntil ? t('member.validRange', { from: date(m.frozenFrom), to: date(m.frozenUntil) }) : t('memberPage.membership.frozenNoDates')}</dd>
          </div>
        )}
        {refund && (
          <div>
            <dt>{t('memberPage.membership.refundAsked')}</dt>
            <dd>{refund.amountFen !== null ? formatYuan(refund.amountFen) : '—'}</dd>
          </div>
        )}
      </dl>
      {actions.length > 0 && (
        <div className="mp-actions">
          {actions.map((a) => (
            <Button key={a.key} type={a.primary ? 'primary' : 'default'} danger={a.danger ?? false} onClick={a.run}>
              {a.label}
            </Button>
          ))}
        </div>
      )}
    </article>
  );
}
