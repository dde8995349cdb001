import { Alert, Button, DatePicker, Form, InputNumber, Radio, Spin, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { planEndDate } from '../../../core/membership/plans';
import { errorText } from '../i18n/errors';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import type { RegisterFormValues } from './formModel';
import { fenToYuan, formatYuan, MAX_YUAN, MIN_YUAN } from '../i18n/money';
import type { PlansState } from './usePlans';

interface Props {
  form: FormInstance<RegisterFormValues>;
  plansState: PlansState;
}

/** Plan (one tap), start date and the amount actually paid, which starts at the plan price. */
export function PlanFields({ form, plansState }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { plans, error, reload } = plansState;
  const code = Form.useWatch('planCode', form);
  const startsOn = Form.useWatch('startsOn', form) as Dayjs | null | undefined;
  const chosen = plans?.find((p) => p.code === code) ?? null;
  const from = startsOn?.format('YYYY-MM-DD');

  return (
    <section className="reg-block" aria-labelledby="reg-plan-title">
      <h3 className="reg-block-title" id="reg-plan-title">
        {t('register.sections.plan')}
      </h3>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('register.plan.loadFailed')}
          description={errorText(t, error)}
          action={<Button onClick={reload}>{t('register.plan.retry')}</Button>}
        />
      )}
      {!plans && !error && (
        <p className="reg-note">
          <Spin size="small" /> {t('register.plan.loading')}
        </p>
      )}
      {plans && (
        <Form.Item name="planCode" rules={[{ required: true, message: t('register.validation.planRequired') }]}>
          <Radio.Group
            className="reg-plans"
            aria-label={t('register.fields.plan')}
            onChange={(e) => {
              const plan = plans.find((p) => p.code === e.target.value);
              if (plan) form.setFieldsValue({ amountYuan: fenToYuan(plan.priceFen) });
            }}
          >
            {plans.map((p) => (
              <Radio key={p.code} value={p.code} className="reg-plan">
                <span className="reg-plan-name">{locale === 'en' ? p.nameEn : p.nameZh}</span>
                <span className="reg-plan-months">{t('register.plan.months', { count: p.months })}</span>
                <span className="reg-plan-price">{formatYuan(p.priceFen)}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      )}
      <div className="reg-row">
        <Form.Item name="startsOn" label={t('register.fields.startsOn')} rules={[{ required: true, message: t('register.validation.startsOnRequired') }]}>
          <DatePicker className="reg-wide" format="YYYY-MM-DD" allowClear={false} />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('register.fields.amount')}
          rules={[
            { required: true, message: t('register.validation.amountRequired') },
            { type: 'number', min: MIN_YUAN, max: MAX_YUAN, message: t('register.validation.amountRange') },
          ]}
        >
          <InputNumber className="reg-wide" prefix="¥" precision={2} min={0} max={MAX_YUAN} step={100} inputMode="decimal" />
        </Form.Item>
      </div>
      <p className="reg-note">
        {chosen && from
          ? t('register.plan.validUntil', {
              from: formatCalendarDate(from, locale),
              until: formatCalendarDate(planEndDate(from, chosen.months), locale),
            })
          : t('register.plan.amountHint')}
      </p>
    </section>
  );
}
