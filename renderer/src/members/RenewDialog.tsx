import { Alert, Form, Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MembershipDto } from '../../../core/contract/memberDto';
import { renewalPeriod } from '../../../core/membership/renewal';
import { call } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { ActionDialog } from './ActionDialog';
import { useBranchToday } from './dates';
import { validated } from './formRules';
import { fenToYuan, formatYuan, yuanToFen } from '../i18n/money';
import { planLabel } from './planName';
import { usePlans } from './usePlans';
import { YuanInput } from './YuanInput';

interface Values {
  planCode: string;
  amount: number;
}

/**
 * 续费: a plan and the amount taken (the plan's price unless staff agreed another). A running
 * membership is extended from the day after its last day; a lapsed one restarts today. The
 * preview uses the service's own arithmetic (core/membership/renewal).
 */
export function RenewDialog({ membership, onClose, onDone }: { membership: MembershipDto; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = useBranchToday();
  const { plans, error } = usePlans();
  const [form] = Form.useForm<Values>();
  const planCode = Form.useWatch('planCode', form);
  const plan = plans?.find((p) => p.code === planCode) ?? null;
  const period = plan ? renewalPeriod(membership.validUntil, today, plan.months) : null;
  const planName = (p: { nameZh: string; nameEn: string }) => (locale === 'zh-CN' ? p.nameZh : p.nameEn);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    return call('membership.renew', { membershipId: membership.id, planCode: v.planCode, amountFen: yuanToFen(v.amount) });
  };

  return (
    <ActionDialog
      title={t('memberPage.renew.title')}
      okText={t('memberPage.renew.ok')}
      okDisabled={!plans}
      submit={submit}
      successText={t('memberPage.renew.done')}
      onClose={onClose}
      onDone={onDone}
    >
      <p>{t('memberPage.renew.current', { plan: planLabel(membership, locale), end: formatCalendarDate(membership.validUntil, locale) })}</p>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {!plans && !error && <Spin />}
      {plans && (
        <Form form={form} layout="vertical" initialValues={{ planCode: membership.planCode ?? undefined, amount: initialAmount(plans, membership.planCode) }}>
          <Form.Item name="planCode" label={t('memberPage.renew.plan')} rules={[{ required: true, message: t('memberPage.renew.planRequired') }]}>
            <Select
              options={plans.map((p) => ({ value: p.code, label: t('memberPage.renew.planOption', { name: planName(p), price: formatYuan(p.priceFen) }) }))}
              onChange={(code: string) => {
                const chosen = plans.find((p) => p.code === code);
                if (chosen) form.setFieldValue('amount', fenToYuan(chosen.priceFen));
              }}
            />
          </Form.Item>
          <Form.Item name="amount" label={t('memberPage.renew.amount')} extra={t('memberPage.renew.amountHint')} rules={[{ required: true, message: t('memberPage.dialog.amountRequired') }]}>
            <YuanInput />
          </Form.Item>
        </Form>
      )}
      {period && (
        <Alert
          type="info"
          className="mp-info"
          showIcon
          title={t('memberPage.renew.preview', { from: formatCalendarDate(period.from, locale), to: formatCalendarDate(period.to, locale) })}
          description={membership.validUntil < today ? t('memberPage.renew.lapsed') : undefined}
        />
      )}
    </ActionDialog>
  );
}

function initialAmount(plans: readonly { code: string; priceFen: number }[], code: string | null): number | undefined {
  const plan = plans.find((p) => p.code === code);
  return plan ? fenToYuan(plan.priceFen) : undefined;
}
