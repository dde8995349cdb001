import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConsumptionDto } from '../../../core/contract/memberDto';
import { planByCode } from '../../../core/membership/plans';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { formatInstantDateTime } from './dates';
import type { OpenAction } from './memberActions';
import { formatYuan } from '../i18n/money';

/** 消费记录: desk sales, point-of-sale imports and renewals, newest first; they feed the tier score. */
export function ConsumptionTab({ rows, readOnly, onAction }: { rows: readonly ConsumptionDto[]; readOnly: boolean; onAction: OpenAction }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { can } = useSession();
  // A renewal's note is its plan code: shown as the plan's name.
  const noteOf = (r: ConsumptionDto): string | null => {
    const plan = r.source === 'renewal' && r.note ? planByCode(r.note) : null;
    return plan ? (locale === 'zh-CN' ? plan.nameZh : plan.nameEn) : r.note;
  };
  const total = rows.reduce((sum, r) => sum + r.amountFen, 0);
  return (
    <div className="mp-tab">
      <div className="mp-tab-actions">
        {rows.length > 0 && <span className="muted">{t('memberPage.consumption.total', { count: rows.length, amount: formatYuan(total) })}</span>}
        {!readOnly && can('consumption.record') && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => onAction({ kind: 'recordConsumption' })}>
            {t('memberPage.actions.recordConsumption')}
          </Button>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('memberPage.consumption.empty')}</p>
      ) : (
        <ul className="mp-list" aria-label={t('memberPage.consumption.list')}>
          {rows.map((r) => (
            <li key={r.id}>
              <div className="mp-row-main">
                <strong>{t(`memberPage.category.${r.category}`)}</strong>
                <span className="mp-amount">{formatYuan(r.amountFen)}</span>
              </div>
              <div className="mp-row-meta">
                <time dateTime={r.occurredAt}>{formatInstantDateTime(r.occurredAt, timeZone, locale)}</time>
                <span>{t(`memberPage.consumptionSource.${r.source}`)}</span>
                {r.staffName && <span>{r.staffName}</span>}
                {r.receiptNo && <span>{t('memberPage.consumption.receipt', { receipt: r.receiptNo })}</span>}
                {noteOf(r) && <span className="mp-reason">{noteOf(r)}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
