import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResultDto } from '../../../core/contract/dto';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';

/** Same bounds as the contract's checkin.override input. */
const MIN = 2;
const MAX = 200;

interface Props {
  open: boolean;
  visitId: string;
  memberName: string;
  onClose(): void;
  onDone(result: CheckinResultDto, reason: string): void;
}

/**
 * Asks for the reason before admitting a denied member. Overrides are a manager's: when reception
 * holds the desk, a manager approves on the spot with their own PIN, and the visit records the
 * manager. The service checks both; its refusal is shown here plainly.
 */
export function OverrideModal({ open, visitId, memberName, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { info } = useDesk();
  const needsApprover = !can('checkin.override');
  const approvers = (info?.staff ?? []).filter((s) => s.role === 'manager' || s.role === 'headoffice');
  const [form] = Form.useForm<{ reason: string; approverId?: string; approverPin?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const submit = async () => {
    let values: { reason: string; approverId?: string; approverPin?: string };
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    const reason = values.reason.trim();
    setBusy(true);
    setError(null);
    const approver = needsApprover && values.approverId && values.approverPin ? { staffId: values.approverId, pin: values.approverPin } : undefined;
    const res = await call('checkin.override', { visitId, reason, ...(approver ? { approver } : {}) });
    form.setFieldValue('approverPin', '');
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    form.resetFields();
    onDone(res.value, reason);
  };

  return (
    <Modal
      open={open}
      title={t('override.title')}
      okText={t('override.confirm')}
      cancelText={t('override.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={close}
      forceRender
    >
      <p className="override-intro">{t('override.intro')}</p>
      <p className="override-member">{t('override.member', { name: memberName })}</p>
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t('override.reason')}
          rules={[
            { required: true, whitespace: true, message: t('override.reasonRequired') },
            {
              validator: (_rule, value: unknown) => {
                const len = typeof value === 'string' ? value.trim().length : 0;
                return len === 0 || (len >= MIN && len <= MAX)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('override.reasonLength', { min: MIN, max: MAX })));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={MAX} showCount placeholder={t('override.reasonPlaceholder')} />
        </Form.Item>
        {needsApprover && (
          <>
            <p className="muted">{t('override.approverIntro')}</p>
            <Form.Item name="approverId" label={t('override.approver')} rules={[{ required: true, message: t('override.approverRequired') }]}>
              <Select options={approvers.map((s) => ({ value: s.id, label: t('header.staffOption', { name: s.name, role: t(`role.${s.role}`) }) }))} />
            </Form.Item>
            <Form.Item
              name="approverPin"
              label={t('override.approverPin')}
              rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('session.pinFormat') }]}
            >
              <Input.Password inputMode="numeric" maxLength={6} autoComplete="off" />
            </Form.Item>
          </>
        )}
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('override.failed')}
          description={error.code === 'FORBIDDEN' && needsApprover ? t('override.approverRefused') : errorText(t, error)}
        />
      )}
    </Modal>
  );
}
