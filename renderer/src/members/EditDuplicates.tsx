import { WarningFilled } from '@ant-design/icons';
import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import { DuplicateWarning } from '../register/DuplicateWarning';
import type { DuplicatesState } from '../register/useDuplicates';
import '../register/registerSide.css';

interface Props {
  memberId: string;
  /** The live look-up for the new phone / ID number (it also lists this member, left out here). */
  state: DuplicatesState;
  /** Members the service named when it refused the save (CONFLICT, issues 'duplicates'). */
  conflictIds: readonly string[];
  acknowledged: boolean;
  onAcknowledge(value: boolean): void;
  error: string | null;
  onOpen(memberId: string): void;
}

/**
 * Other members with the new phone or ID number, with member numbers, before the save, and the
 * "确认不是同一人" tick the service needs to save anyway: registration's warning, reused. Should
 * the look-up not list the members the service refused for, the tick is offered all the same.
 */
export function EditDuplicates({ memberId, state, conflictIds, acknowledged, onAcknowledge, error, onOpen }: Props) {
  const { t } = useTranslation();
  const others: DuplicatesState = { ...state, duplicates: state.duplicates.filter((d) => d.id !== memberId) };
  if (others.duplicates.length === 0 && conflictIds.length > 0 && !state.checking) {
    return (
      <div className="reg-dup mp-edit-dup" role="alert" aria-labelledby="mp-edit-dup-title">
        <h3 className="reg-dup-title" id="mp-edit-dup-title">
          <WarningFilled className="reg-dup-icon" /> {t('memberPage.edit.duplicatesTitle')}
        </h3>
        <p className="reg-dup-hint">{t('memberPage.edit.duplicatesUnlisted', { count: conflictIds.length })}</p>
        <Checkbox checked={acknowledged} onChange={(e) => onAcknowledge(e.target.checked)}>
          {t('register.duplicates.acknowledge')}
        </Checkbox>
        {error && <p className="reg-area-error">{error}</p>}
      </div>
    );
  }
  return (
    <div className="mp-edit-dup">
      <DuplicateWarning
        state={others}
        acknowledged={acknowledged}
        onAcknowledge={onAcknowledge}
        error={error}
        onOpen={onOpen}
        busy={false}
        title={t('memberPage.edit.duplicatesTitle')}
      />
    </div>
  );
}
