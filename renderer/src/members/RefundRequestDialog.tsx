import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MembershipDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { useLocale } from '../i18n/useLocale';
import { ActionDialog } from './ActionDialog';
import { validated } from './formRules';
import { yuanToFen } from '../i18n/money';
import { planLabel } from './planName';
import { ReasonField } from './ReasonField';
import { YuanInput } from './YuanInput';

interface Values {
  amount: number;
  reason: string;
}

/** 申请退费: the amount and why; a manager decides, and an approved refund ends the membership. */
export function RefundRequestDialog({ membership, onClose, onDone }: { membership: MembershipDto; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    return call('membership.requestRefund', { membershipId: membership.id, amountFen: yuanToFen(v.amount), reason: v.reason.trim() });
  };
  return (
    <ActionDialog
      title={t('memberPage.refund.requestTitle')}
      okText={t('memberPage.refund.requestOk')}
      submit={submit}
      successText={t('memberPage.refund.requested')}
      onClose={onClose}
      onDone={onDone}
    >
      <p>{t('memberPage.refund.requestIntro', { plan: planLabel(membership, locale) })}</p>
      <Form form={form} layout="vertical">
        <Form.Item name="amount" label={t('memberPage.refund.amount')} rules={[{ required: true, message: t('memberPage.dialog.amountRequired') }]}>
          <YuanInput />
        </Form.Item>
        <ReasonField label={t('memberPage.refund.reason')} placeholder={t('memberPage.refund.reasonPlaceholder')} />
      </Form>
    </ActionDialog>
  );
}
