import { Checkbox, DatePicker, Form, Input, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { COURSE_TYPES } from '../../../core/contract/memberDto';
import type { Gender } from '../register/formModel';

const GENDERS: Gender[] = ['female', 'male', 'unspecified'];

/**
 * The plain profile fields, prefilled with what is stored (they are on the page already): name,
 * gender, birthday, goal and preferred classes, with registration's labels and rules.
 */
export function EditBasicFields({ today }: { today: string }) {
  const { t } = useTranslation();
  const todayDay = dayjs(today);
  return (
    <section className="mp-edit-column" aria-labelledby="mp-edit-basic">
      <h4 className="mp-edit-heading" id="mp-edit-basic">
        {t('memberPage.edit.basic')}
      </h4>
      <div className="mp-form-row">
        <Form.Item name="name" label={t('register.fields.name')} rules={[{ required: true, whitespace: true, message: t('register.validation.nameRequired') }]}>
          <Input maxLength={40} autoComplete="off" />
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
            format="YYYY-MM-DD"
            placeholder={t('register.fields.birthdayPlaceholder')}
            disabledDate={(d) => d.isAfter(todayDay, 'day')}
            defaultPickerValue={todayDay.subtract(30, 'year')}
          />
        </Form.Item>
      </div>
      <Form.Item name="gender" label={t('register.fields.gender')}>
        <Radio.Group optionType="button" buttonStyle="solid" options={GENDERS.map((g) => ({ value: g, label: t(`register.genders.${g}`) }))} />
      </Form.Item>
      <Form.Item name="fitnessGoal" label={t('register.fields.fitnessGoal')}>
        <Input maxLength={200} placeholder={t('register.fields.fitnessGoalPlaceholder')} autoComplete="off" />
      </Form.Item>
      <Form.Item name="preferredCourses" label={t('register.fields.courses')}>
        <Checkbox.Group className="mp-edit-courses" options={COURSE_TYPES.map((c) => ({ value: c, label: t(`register.courses.${c}`) }))} />
      </Form.Item>
    </section>
  );
}
