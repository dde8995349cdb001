import { Alert, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../api/kiosk';
import { ActionDialog } from './ActionDialog';
import { validated } from './formRules';
import { ReasonField } from './ReasonField';

/**
 * 申请注销 (deletion on the member's request, PIPL): a manager approves; then the personal fields
 * are erased and the history kept without them. The reason outlives the erasure, so it must not
 * carry the member's ID or phone number (the service refuses it).
 */
export function DeletionDialog({ memberId, onClose, onDone }: { memberId: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    return call('members.requestDeletion', { memberId, reason: v.reason.trim() });
  };
  return (
    <ActionDialog
      title={t('memberPage.deletion.dialogTitle')}
      okText={t('memberPage.deletion.ok')}
      danger
      submit={submit}
      successText={t('memberPage.deletion.done')}
      onClose={onClose}
      onDone={onDone}
    >
      <Alert type="warning" showIcon title={t('memberPage.deletion.approval')} description={t('memberPage.deletion.erases')} />
      <Form form={form} layout="vertical" className="mp-form-gap">
        <ReasonField label={t('memberPage.deletion.reason')} placeholder={t('memberPage.deletion.reasonPlaceholder')} />
      </Form>
    </ActionDialog>
  );
}
