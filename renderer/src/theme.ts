import type { ThemeConfig } from 'antd';
import type { TierCode } from '../../core/tiers/catalog';

export type DecisionColor = 'green' | 'yellow' | 'red' | 'grey';

/**
 * Decision colours, readable at arm's length and never alone: every use pairs them with an icon
 * and words. Text colours are chosen for contrast on the fill (dark text on the yellow).
 */
export const DECISION_STYLE: Record<DecisionColor, { fill: string; text: string; soft: string }> = {
  green: { fill: '#2e7d32', text: '#ffffff', soft: '#e8f5e9' },
  yellow: { fill: '#f2b200', text: '#2b2100', soft: '#fff7d6' },
  red: { fill: '#c62828', text: '#ffffff', soft: '#fdecea' },
  grey: { fill: '#5f6b7a', text: '#ffffff', soft: '#eef1f4' },
};

/** Tier badges: four clearly different hues, with text, so no tier is told by colour alone. */
export const TIER_STYLE: Record<TierCode, { fill: string; text: string }> = {
  bronze: { fill: '#a4673a', text: '#ffffff' },
  silver: { fill: '#7d8a99', text: '#ffffff' },
  gold: { fill: '#d4a72c', text: '#2b2100' },
  diamond: { fill: '#4b56d2', text: '#ffffff' },
};

/** Calm, dense and large enough to read from a step back. */
export const deskTheme: ThemeConfig = {
  token: {
    colorPrimary: '#2f6f8f',
    colorInfo: '#2f6f8f',
    colorSuccess: '#2e7d32',
    colorWarning: '#d99a00',
    colorError: '#c62828',
    colorBgLayout: '#f3f5f8',
    borderRadius: 8,
    fontSize: 15,
    fontFamily:
      '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Button: { controlHeight: 36 },
    Input: { controlHeight: 38 },
    Select: { controlHeight: 34 },
  },
};
