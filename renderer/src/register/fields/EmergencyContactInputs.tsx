import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PHONE_RE } from '../formModel';

/** Both halves of the emergency contact, or neither: the contract takes a whole contact or null. */
export function emergencyPairRule(other: 'emergencyName' | 'emergencyPhone', message: string) {
  return ({ getFieldValue }: { getFieldValue(name: 'emergencyName' | 'emergencyPhone'): unknown }) => ({
    validator(_rule: unknown, value: unknown) {
      const mine = typeof value === 'string' ? value.trim() : '';
      const theirs = getFieldValue(other);
      const theirsText = typeof theirs === 'string' ? theirs.trim() : '';
      return mine === '' && theirsText !== '' ? Promise.reject(new Error(message)) : Promise.resolve();
    },
  });
}

/** The emergency contact's name and mobile side by side, each labelled for screen readers; the mobile gets a numeric keypad. */
export function EmergencyContactInputs({ rowClassName }: { rowClassName: string }) {
  const { t } = useTranslation();
  const both = t('register.validation.emergencyBoth');
  return (
    <div className={rowClassName}>
      <Form.Item name="emergencyName" dependencies={['emergencyPhone']} rules={[emergencyPairRule('emergencyPhone', both)]}>
        <Input maxLength={40} placeholder={t('register.fields.emergencyName')} aria-label={t('register.fields.emergencyName')} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="emergencyPhone"
        dependencies={['emergencyName']}
        rules={[{ pattern: PHONE_RE, message: t('register.validation.phoneFormat') }, emergencyPairRule('emergencyName', both)]}
      >
        <Input inputMode="numeric" maxLength={11} placeholder={t('register.fields.emergencyPhone')} aria-label={t('register.fields.emergencyPhone')} autoComplete="off" />
      </Form.Item>
    </div>
  );
}
