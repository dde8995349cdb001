import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The member's name, required (registration shows an example in the empty field, the profile edit is prefilled). */
export function NameField({ withPlaceholder = false }: { withPlaceholder?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="name" label={t('register.fields.name')} rules={[{ required: true, whitespace: true, message: t('register.validation.nameRequired') }]}>
      <Input maxLength={40} {...(withPlaceholder ? { placeholder: t('register.fields.namePlaceholder') } : {})} autoComplete="off" />
    </Form.Item>
  );
}
