import { Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Gender } from '../formModel';

const GENDERS: Gender[] = ['female', 'male', 'unspecified'];

/** Gender as three large buttons, easy to hit by touch. */
export function GenderField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="gender" label={t('register.fields.gender')}>
      <Radio.Group optionType="button" buttonStyle="solid" options={GENDERS.map((g) => ({ value: g, label: t(`register.genders.${g}`) }))} />
    </Form.Item>
  );
}
