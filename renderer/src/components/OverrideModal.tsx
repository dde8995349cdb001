import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResultDto } from '../../../core/contract/dto';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

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
 * Asks for the reason before admitting a denied member. The service records it with the staff
 * on duty; with nobody on duty it refuses (NO_STAFF_ON_DUTY), which is shown here plainly.
 */
export function OverrideModal({ open, visitId, memberName, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const submit = async () => {
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    setError(null);
    const res = await call('checkin.override', { visitId, reason });
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
      </Form>
      {error && <Alert type="error" showIcon title={t('override.failed')} description={errorText(t, error)} />}
    </Modal>
  );
}
