import { useTranslation } from 'react-i18next';
import type { TapEntry } from '../state/useTapQueue';
import { DECISION_STYLE, type DecisionColor } from '../theme';

/**
 * What a locked desk shows of a tap: the decision in colour and words, and the member's name,
 * nothing more — the panel with membership and health flags stays behind the lock.
 */
export function LockedTapStrip({ entry }: { entry: TapEntry | null }) {
  const { t } = useTranslation();
  if (!entry) return <p className="locked-queue muted">{t('session.lockedQueue')}</p>;
  const result = entry.result;
  const decision = entry.status === 'pending' ? 'pending' : entry.status === 'failed' ? 'failed' : result?.overridden ? 'overridden' : (result?.color ?? 'grey');
  const name = result?.member?.member.name ?? '';
  const color: DecisionColor = decision === 'overridden' ? 'green' : decision === 'pending' || decision === 'failed' ? 'grey' : decision;
  const style = DECISION_STYLE[color];
  return (
    <section className="locked-tap" data-locked-decision={decision} role="status" aria-label={t('session.lastTap')} style={{ background: style.fill, color: style.text }}>
      <strong>{t(`decision.${decision}`)}</strong>
      {name && <span>{name}</span>}
    </section>
  );
}
