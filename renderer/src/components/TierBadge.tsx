import { CrownFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TierCode } from '../../../core/tiers/catalog';
import { TIER_STYLE } from '../theme';

/** Tier as a coloured badge with its name: colour helps, the word decides. */
export function TierBadge({ tier, size = 'large' }: { tier: TierCode | null; size?: 'large' | 'small' }) {
  const { t } = useTranslation();
  if (!tier) return <span className={`tier-badge tier-badge-${size} tier-badge-none`}>{t('tier.none')}</span>;
  const style = TIER_STYLE[tier];
  const name = t(`tier.${tier}`);
  return (
    <span className={`tier-badge tier-badge-${size}`} style={{ background: style.fill, color: style.text }}>
      <CrownFilled aria-hidden />
      {size === 'large' ? t('tier.badge', { tier: name }) : name}
    </span>
  );
}
