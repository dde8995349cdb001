import { DatePicker, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

/** The birthday: never after today, the picker opening thirty years back (registration and the profile edit). */
export function BirthdayField({ today, className }: { today: string; className?: string }) {
  const { t } = useTranslation();
  const todayDay = dayjs(today);
  return (
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
        {...(className ? { className } : {})}
        format="YYYY-MM-DD"
        placeholder={t('register.fields.birthdayPlaceholder')}
        disabledDate={(d) => d.isAfter(todayDay, 'day')}
        defaultPickerValue={todayDay.subtract(30, 'year')}
      />
    </Form.Item>
  );
}
