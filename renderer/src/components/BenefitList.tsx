import { useTranslation } from 'react-i18next';
import type { MemberPanelDto } from '../../../core/contract/dto';
import { discountValue } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';

/**
 * The tier's benefits as the desk says them: discounts in 折 for Chinese (95% → 95折, 90% → 9折),
 * "% off" in English; perks by key (benefit.perk.<key>), unknown keys shown as sent.
 */
export function BenefitList({ benefits }: { benefits: MemberPanelDto['benefits'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!benefits) {
    return (
      <section className="card-block" aria-label={t('benefit.title')}>
        <h3 className="block-title">{t('benefit.title')}</h3>
        <p className="muted">{t('benefit.none')}</p>
      </section>
    );
  }
  const discount = (pct: number | null) =>
    pct === null ? <span className="muted">{t('benefit.noDiscount')}</span> : t('benefit.discountValue', { value: discountValue(pct, locale) });
  return (
    <section className="card-block" aria-label={t('benefit.title')}>
      <h3 className="block-title">{t('benefit.title')}</h3>
      <dl className="discounts">
        <div>
          <dt>{t('benefit.course')}</dt>
          <dd>{discount(benefits.courseDiscountPct)}</dd>
        </div>
        <div>
          <dt>{t('benefit.personalTraining')}</dt>
          <dd>{discount(benefits.personalTrainingDiscountPct)}</dd>
        </div>
        <div>
          <dt>{t('benefit.product')}</dt>
          <dd>{discount(benefits.productDiscountPct)}</dd>
        </div>
        <div>
          <dt>{t('benefit.freeClasses')}</dt>
          <dd>
            {benefits.freeClassesPerMonth === null
              ? t('benefit.unlimited')
              : t('benefit.freeClassesCount', { count: benefits.freeClassesPerMonth })}
          </dd>
        </div>
      </dl>
      <ul className="perks" aria-label={t('benefit.perks')}>
        {benefits.perks.map((perk) => (
          <li key={perk}>{t(`benefit.perk.${perk as 'basicFacilities'}`, { defaultValue: perk })}</li>
        ))}
      </ul>
    </section>
  );
}
