import {
  CalendarOutlined,
  ClockCircleOutlined,
  CreditCardOutlined,
  ExclamationCircleOutlined,
  FallOutlined,
  FieldTimeOutlined,
  GiftOutlined,
  HistoryOutlined,
  MedicineBoxOutlined,
  PauseCircleOutlined,
  RiseOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReasonDto } from '../../../core/contract/dto';
import { reasonMessage, reasonTitle } from '../i18n/reasons';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';

const EFFECT_COLOR = { deny: '#c62828', warn: '#b07800', allow: '#2e7d32' } as const;

function reasonIcon(reason: ReasonDto): ReactNode {
  switch (reason.code) {
    case 'BIRTHDAY':
      return <GiftOutlined />;
    case 'MEDICAL_ALERT':
      return <MedicineBoxOutlined />;
    case 'TIER_CHANGED':
      return reason.params.direction === 'down' ? <FallOutlined /> : <RiseOutlined />;
    case 'DUPLICATE_SCAN':
      return <HistoryOutlined />;
    case 'EXPIRING_SOON':
      return <ClockCircleOutlined />;
    case 'CARD_LOST':
      return <CreditCardOutlined />;
    case 'MEMBERSHIP_EXPIRED':
      return <CalendarOutlined />;
    case 'MEMBERSHIP_FROZEN':
      return <PauseCircleOutlined />;
    case 'MEMBERSHIP_NOT_STARTED':
      return <FieldTimeOutlined />;
    default:
      return reason.effect === 'deny' ? <StopOutlined /> : <ExclamationCircleOutlined />;
  }
}

/**
 * Every reason of a decision, most serious first, each with an icon, its heading, what it means
 * for entry (拒绝/注意/提示) and the sentence with its parameters.
 */
export function ReasonList({ reasons }: { reasons: ReasonDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone, info } = useDesk();
  const ctx = { locale, timeZone, duplicateWindowMinutes: info?.policy.duplicateWindowMinutes ?? 0 };
  const rank = { deny: 0, warn: 1, allow: 2 } as const;
  const sorted = [...reasons].sort((a, b) => rank[a.effect] - rank[b.effect]);
  return (
    <ul className="reason-list" aria-label={t('decision.reasons')}>
      {sorted.map((r) => (
        <li key={r.code} className={`reason reason-${r.effect}`}>
          <span className="reason-icon" style={{ color: EFFECT_COLOR[r.effect] }} aria-hidden>
            {reasonIcon(r)}
          </span>
          <span className="reason-title">{reasonTitle(t, r.code)}</span>
          <span className="reason-effect" style={{ color: EFFECT_COLOR[r.effect] }}>
            {t(`effect.${r.effect}`)}
          </span>
          <span className="reason-text">{reasonMessage(t, r, ctx)}</span>
        </li>
      ))}
    </ul>
  );
}
