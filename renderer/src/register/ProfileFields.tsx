import { Checkbox, DatePicker, Form, Input, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { COURSE_TYPES } from '../../../core/contract/memberDto';
import { PHONE_RE, type Gender, type RegisterFormValues } from './formModel';

const GENDERS: Gender[] = ['female', 'male', 'unspecified'];

/** Both halves of the emergency contact, or neither: the contract takes a whole contact or null. */
export function emergencyPairRule(other: 'emergencyName' | 'emergencyPhone', message: string) {
  return ({ getFieldValue }: { getFieldValue(name: keyof RegisterFormValues): unknown }) => ({
    validator(_rule: unknown, value: unknown) {
      const mine = typeof value === 'string' ? value.trim() : '';
      const theirs = getFieldValue(other);
      const theirsText = typeof theirs === 'string' ? theirs.trim() : '';
      return mine === '' && theirsText !== '' ? Promise.reject(new Error(message)) : Promise.resolve();
    },
  });
}

/**
 * Name, gender, birthday, mobile, emergency contact, goal and preferred classes: what the
 * member says across the desk. Mobile numbers get a numeric keypad on touch screens.
 */
export function ProfileFields({ today }: { today: string }) {
  const { t } = useTranslation();
  const phoneRule = { pattern: PHONE_RE, message: t('register.validation.phoneFormat') };
  const todayDay = dayjs(today);
  return (
    <section className="reg-block" aria-labelledby="reg-profile-title">
      <h3 className="reg-block-title" id="reg-profile-title">
        {t('register.sections.profile')}
      </h3>
      <div className="reg-row">
        <Form.Item name="name" label={t('register.fields.name')} rules={[{ required: true, whitespace: true, message: t('register.validation.nameRequired') }]}>
          <Input maxLength={40} placeholder={t('register.fields.namePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="gender" label={t('register.fields.gender')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={GENDERS.map((g) => ({ value: g, label: t(`register.genders.${g}`) }))}
          />
        </Form.Item>
      </div>
      <div className="reg-row">
        <Form.Item
          name="phone"
          label={t('register.fields.phone')}
          rules={[{ required: true, message: t('register.validation.phoneFormat') }, phoneRule]}
        >
          <Input inputMode="numeric" maxLength={11} placeholder={t('register.fields.phonePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="birthday"
          label={t('register.fields.birthday')}
          rules={[
            {
              validator: (_rule, value: Dayjs | null | undefined) =>
                value && value.isAfter(todayDay, 'day') ? Promise.reject(new Error(t('register.validation.birthdayFuture'))) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker
            className="reg-wide"
            format="YYYY-MM-DD"
            placeholder={t('register.fields.birthdayPlaceholder')}
            disabledDate={(d) => d.isAfter(todayDay, 'day')}
            defaultPickerValue={todayDay.subtract(30, 'year')}
          />
        </Form.Item>
      </div>
      <fieldset className="reg-fieldset">
        <legend>{t('register.fields.emergency')}</legend>
        <div className="reg-row">
          <Form.Item
            name="emergencyName"
            dependencies={['emergencyPhone']}
            rules={[emergencyPairRule('emergencyPhone', t('register.validation.emergencyBoth'))]}
          >
            <Input maxLength={40} placeholder={t('register.fields.emergencyName')} aria-label={t('register.fields.emergencyName')} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="emergencyPhone"
            dependencies={['emergencyName']}
            rules={[phoneRule, emergencyPairRule('emergencyName', t('register.validation.emergencyBoth'))]}
          >
            <Input
              inputMode="numeric"
              maxLength={11}
              placeholder={t('register.fields.emergencyPhone')}
              aria-label={t('register.fields.emergencyPhone')}
              autoComplete="off"
            />
          </Form.Item>
        </div>
      </fieldset>
      <Form.Item name="fitnessGoal" label={t('register.fields.fitnessGoal')}>
        <Input maxLength={200} placeholder={t('register.fields.fitnessGoalPlaceholder')} autoComplete="off" />
      </Form.Item>
      <Form.Item name="preferredCourses" label={t('register.fields.courses')}>
        <Checkbox.Group className="reg-courses" options={COURSE_TYPES.map((c) => ({ value: c, label: t(`register.courses.${c}`) }))} />
      </Form.Item>
    </section>
  );
}
