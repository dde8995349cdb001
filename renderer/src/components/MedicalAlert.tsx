import { MedicineBoxFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/**
 * The branch only gets a flag, never the health text (PIPL minimum necessary), so the desk says
 * "there is a note: take care" and points to the manager.
 */
export function MedicalAlert() {
  const { t } = useTranslation();
  return (
    <div className="medical-alert" role="note" aria-label={t('member.medicalAlertTitle')}>
      <MedicineBoxFilled className="medical-alert-icon" aria-hidden />
      <div>
        <strong>{t('member.medicalAlertTitle')}</strong>
        <span>{t('member.medicalAlertText')}</span>
      </div>
    </div>
  );
}
