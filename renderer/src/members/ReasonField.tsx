import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { REASON_MAX, REASON_MIN } from './formRules';

/** A required reason of 2–200 characters, as every membership and deletion action takes. */
export function ReasonField({ label, placeholder, name = 'reason' }: { label: string; placeholder?: string; name?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, whitespace: true, message: t('memberPage.dialog.reasonRequired') },
        {
          validator: (_rule, value: unknown) => {
            const len = typeof value === 'string' ? value.trim().length : 0;
            return len === 0 || (len >= REASON_MIN && len <= REASON_MAX)
              ? Promise.resolve()
              : Promise.reject(new Error(t('memberPage.dialog.reasonLength', { min: REASON_MIN, max: REASON_MAX })));
          },
        },
      ]}
    >
      <Input.TextArea rows={2} maxLength={REASON_MAX} showCount placeholder={placeholder} />
    </Form.Item>
  );
}
