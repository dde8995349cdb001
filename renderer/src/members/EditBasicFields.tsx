import { useTranslation } from 'react-i18next';
import { BirthdayField } from '../register/fields/BirthdayField';
import { GenderField } from '../register/fields/GenderField';
import { GoalAndCoursesFields } from '../register/fields/GoalAndCoursesFields';
import { NameField } from '../register/fields/NameField';

/**
 * The plain profile fields, prefilled with what is stored (they are on the page already): name,
 * gender, birthday, goal and preferred classes, with registration's labels and rules.
 */
export function EditBasicFields({ today }: { today: string }) {
  const { t } = useTranslation();
  return (
    <section className="mp-edit-column" aria-labelledby="mp-edit-basic">
      <h4 className="mp-edit-heading" id="mp-edit-basic">
        {t('memberPage.edit.basic')}
      </h4>
      <div className="mp-form-row">
        <NameField />
        <BirthdayField today={today} />
      </div>
      <GenderField />
      <GoalAndCoursesFields coursesClassName="mp-edit-courses" />
    </section>
  );
}
