import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MembershipDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { useLocale } from '../i18n/useLocale';
import { ActionDialog } from './ActionDialog';
import { validated } from './formRules';
import { planLabel } from './planName';
import { ReasonField } from './ReasonField';

interface Values {
  reason: string;
  confirm: string;
}

/**
 * 注销会籍 cannot be undone at the desk, so staff type the member number to confirm: a deliberate
 * step a stray tap cannot take.
 */
export function CancelDialog({ membership, memberNo, onClose, onDone }: { membership: MembershipDto; memberNo: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const typed = Form.useWatch('confirm', form);
  const confirmed = typeof typed === 'string' && typed.trim().toUpperCase() === memberNo.toUpperCase();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    return call('membership.cancel', { membershipId: membership.id, reason: v.reason.trim() });
  };
  return (
    <ActionDialog
      title={t('memberPage.cancel.title')}
      okText={t('memberPage.cancel.ok')}
      danger
      okDisabled={!confirmed}
      submit={submit}
      successText={t('memberPage.cancel.done')}
      onClose={onClose}
      onDone={onDone}
    >
      <Alert type="error" showIcon title={t('memberPage.cancel.warning', { plan: planLabel(membership, locale) })} />
      <Form form={form} layout="vertical" className="mp-form-gap">
        <ReasonField label={t('memberPage.cancel.reason')} />
        <Form.Item name="confirm" label={t('memberPage.cancel.confirmLabel', { memberNo })}>
          <Input autoComplete="off" placeholder={memberNo} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
