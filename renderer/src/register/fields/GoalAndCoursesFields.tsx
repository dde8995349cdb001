import { Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { COURSE_TYPES } from '../../../../core/contract/memberDto';

/** The fitness goal and the preferred classes, the last of the plain profile fields. */
export function GoalAndCoursesFields({ coursesClassName }: { coursesClassName: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="fitnessGoal" label={t('register.fields.fitnessGoal')}>
        <Input maxLength={200} placeholder={t('register.fields.fitnessGoalPlaceholder')} autoComplete="off" />
      </Form.Item>
      <Form.Item name="preferredCourses" label={t('register.fields.courses')}>
        <Checkbox.Group className={coursesClassName} options={COURSE_TYPES.map((c) => ({ value: c, label: t(`register.courses.${c}`) }))} />
      </Form.Item>
    </>
  );
}
