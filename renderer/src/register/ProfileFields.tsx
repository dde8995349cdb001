import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { BirthdayField } from './fields/BirthdayField';
import { EmergencyContactInputs } from './fields/EmergencyContactInputs';
import { GenderField } from './fields/GenderField';
import { GoalAndCoursesFields } from './fields/GoalAndCoursesFields';
import { NameField } from './fields/NameField';
import { PHONE_RE } from './formModel';

/**
 * Name, gender, birthday, mobile, emergency contact, goal and preferred classes: what the
 * member says across the desk. Mobile numbers get a numeric keypad on touch screens.
 */
export function ProfileFields({ today }: { today: string }) {
  const { t } = useTranslation();
  return (
    <section className="reg-block" aria-labelledby="reg-profile-title">
      <h3 className="reg-block-title" id="reg-profile-title">
        {t('register.sections.profile')}
      </h3>
      <div className="reg-row">
        <NameField withPlaceholder />
        <GenderField />
      </div>
      <div className="reg-row">
        <Form.Item
          name="phone"
          label={t('register.fields.phone')}
          rules={[{ required: true, message: t('register.validation.phoneFormat') }, { pattern: PHONE_RE, message: t('register.validation.phoneFormat') }]}
        >
          <Input inputMode="numeric" maxLength={11} placeholder={t('register.fields.phonePlaceholder')} autoComplete="off" />
        </Form.Item>
        <BirthdayField today={today} className="reg-wide" />
      </div>
      <fieldset className="reg-fieldset">
        <legend>{t('register.fields.emergency')}</legend>
        <EmergencyContactInputs rowClassName="reg-row" />
      </fieldset>
      <GoalAndCoursesFields coursesClassName="reg-courses" />
    </section>
  );
}
