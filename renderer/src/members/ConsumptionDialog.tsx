import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConsumptionDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { ActionDialog } from './ActionDialog';
import { validated } from './formRules';
import { yuanToFen } from '../i18n/money';
import { NoteField } from './NoteField';
import { YuanInput } from './YuanInput';

type Category = ConsumptionDto['category'];
/** The contract's categories (memberDto consumptionCategory), in the order staff pick them. */
const CATEGORIES: readonly Category[] = ['product', 'course', 'personal_training', 'membership'];

interface Values {
  category: Category;
  amount: number;
  receiptNo?: string;
  note?: string;
}

/** The contract's receipt number: letters, digits, _ and -, up to 64. */
const RECEIPT_RE = /^[\w-]{1,64}$/;

/**
 * 记录消费: a sale at the desk. It counts towards the member's tier score, so a receipt number
 * may be recorded only once per branch (the service refuses a second).
 */
export function ConsumptionDialog({ memberId, onClose, onDone }: { memberId: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    const receiptNo = v.receiptNo?.trim();
    const note = v.note?.trim();
    return call('consumption.record', {
      memberId,
      category: v.category,
      amountFen: yuanToFen(v.amount),
      ...(receiptNo ? { receiptNo } : {}),
      ...(note ? { note } : {}),
    });
  };
  return (
    <ActionDialog
      title={t('memberPage.consumption.dialogTitle')}
      okText={t('memberPage.consumption.ok')}
      submit={submit}
      successText={t('memberPage.consumption.done')}
      onClose={onClose}
      onDone={onDone}
    >
      <p className="muted">{t('memberPage.consumption.intro')}</p>
      <Form form={form} layout="vertical" initialValues={{ category: 'product' }}>
        <Form.Item name="category" label={t('memberPage.consumption.category')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={CATEGORIES.map((c) => ({ value: c, label: t(`memberPage.category.${c}`) }))} />
        </Form.Item>
        <div className="mp-form-row">
          <Form.Item name="amount" label={t('memberPage.consumption.amount')} rules={[{ required: true, message: t('memberPage.dialog.amountRequired') }]}>
            <YuanInput />
          </Form.Item>
          <Form.Item
            name="receiptNo"
            label={t('memberPage.consumption.receiptNo')}
            rules={[{ pattern: RECEIPT_RE, message: t('memberPage.invalid.receiptNo') }]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
        </div>
        <NoteField label={t('memberPage.consumption.note')} />
      </Form>
    </ActionDialog>
  );
}
