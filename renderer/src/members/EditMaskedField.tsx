import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Names the field; also the id prefix tying the heading to its inputs. */
  label: string;
  /** What is on record, masked (or 未登记): editing never shows the value itself. */
  current: string;
  /** Something is on record and the field is optional, so 清除 is offered. */
  clearable: boolean;
  cleared: boolean;
  onCleared(cleared: boolean): void;
  /** The empty input(s) for a new value. */
  children: ReactNode;
}

/**
 * A masked field in the edit dialog: the masked value on record, an empty input for a new one
 * (left empty, the value stays), and 清除 for the optional ones.
 */
export function EditMaskedField({ label, current, clearable, cleared, onCleared, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className="mp-edit-masked" role="group" aria-label={label}>
      <div className="mp-edit-masked-head">
        <span className="mp-edit-label">{label}</span>
        <span className="mp-edit-current">{t('memberPage.edit.current', { value: current })}</span>
        {clearable && (
          <Button
            size="small"
            type="link"
            danger={!cleared}
            aria-label={cleared ? t('memberPage.edit.undoClearAria', { field: label }) : t('memberPage.edit.clearAria', { field: label })}
            onClick={() => onCleared(!cleared)}
          >
            {cleared ? t('memberPage.edit.undoClear') : t('memberPage.edit.clear')}
          </Button>
        )}
      </div>
      {cleared ? <p className="mp-edit-cleared">{t('memberPage.edit.willClear')}</p> : children}
    </div>
  );
}
