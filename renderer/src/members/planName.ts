import { PLANS } from '../../../core/membership/plans';
import type { Locale } from '../i18n';

/**
 * A membership's plan in the desk's language. Memberships store the Chinese name they were sold
 * under (and older rows no plan code), so the plan is found by code, else by that name; a name
 * no plan has any more is shown as stored.
 */
export function planLabel(m: { planName: string; planCode: string | null }, locale: Locale): string {
  const plan = PLANS.find((p) => p.code === m.planCode) ?? PLANS.find((p) => p.nameZh === m.planName);
  if (!plan) return m.planName;
  return locale === 'zh-CN' ? plan.nameZh : plan.nameEn;
}
