import {
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  LoadingOutlined,
  QuestionCircleFilled,
  SafetyCertificateFilled,
  WarningFilled,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import type { TapEntry } from '../state/useTapQueue';
import { DECISION_STYLE } from '../theme';
import { ReasonList } from './ReasonList';

type Variant = 'green' | 'yellow' | 'red' | 'grey' | 'overridden' | 'pending' | 'failed';

const VARIANT_STYLE: Record<Variant, { fill: string; text: string }> = {
  ...DECISION_STYLE,
  overridden: { fill: '#1f6e43', text: '#ffffff' },
  pending: { fill: '#dfe7ee', text: '#1f2d3a' },
  failed: { fill: '#fff1f0', text: '#8a1c1c' },
};

const ICONS: Record<Variant, ReactNode> = {
  green: <CheckCircleFilled />,
  yellow: <ExclamationCircleFilled />,
  red: <CloseCircleFilled />,
  grey: <QuestionCircleFilled />,
  overridden: <SafetyCertificateFilled />,
  pending: <LoadingOutlined />,
  failed: <WarningFilled />,
};

function variantOf(entry: TapEntry): Variant {
  if (entry.status === 'pending') return 'pending';
  if (entry.status === 'failed' || !entry.result) return 'failed';
  return entry.result.overridden ? 'overridden' : entry.result.color;
}

/** Who the banner is about: the member's name, or the card number for an unknown card. */
function useSubject(entry: TapEntry): string {
  const { t } = useTranslation();
  const name = entry.result?.member?.member.name;
  if (name) return name;
  if (entry.origin.kind === 'manual') return entry.origin.name;
  return t('decision.cardLabel', { card: entry.origin.card });
}

/**
 * The decision, big: colour fill, icon and the decision words together (never colour alone),
 * then every reason. The words sit in a polite live region so a screen reader (and the tests)
 * hear the outcome; the actions (override) stay outside it.
 */
export function DecisionBanner({ entry, actions }: { entry: TapEntry; actions?: ReactNode }) {
  const { t } = useTranslation();
  const variant = variantOf(entry);
  const style = VARIANT_STYLE[variant];
  const subject = useSubject(entry);
  const result = entry.result;

  let headline: string;
  let hint: string;
  if (variant === 'pending') {
    headline = t('decision.pending');
    hint = '';
  } else if (variant === 'failed') {
    headline = t('decision.failed');
    hint = entry.error ? errorText(t, entry.error) : t('error.INTERNAL');
  } else if (variant === 'overridden') {
    headline = t('decision.overridden');
    hint = entry.overrideReason ? t('decision.overriddenHint', { reason: entry.overrideReason }) : t('decision.overriddenNoReason');
  } else {
    headline = t(`decision.${variant}`);
    hint = t(`decision.${variant}Hint`);
  }
  const reasons = result && variant !== 'grey' ? result.reasons : [];

  return (
    <div className={`banner banner-${variant}`} style={{ background: style.fill, color: style.text }} data-decision={variant}>
      <div className="banner-main" role="status" aria-live="polite" aria-atomic="true" aria-label={t('decision.region')}>
        <span className="banner-icon" aria-hidden>
          {ICONS[variant]}
        </span>
        <div className="banner-body">
          <div className="banner-headline">
            <span className="banner-word">{headline}</span>
            <span className="banner-subject">{subject}</span>
          </div>
          {hint && <div className="banner-hint">{hint}</div>}
          {reasons.length > 0 && <ReasonList reasons={reasons} />}
        </div>
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  );
}
