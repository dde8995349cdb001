import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RevealField } from '../../../core/contract/memberDto';
import type { RevealState } from './useReveal';

interface Props {
  field: RevealField;
  label: string;
  /** What staff see by default: the masked value, or a word saying there is something hidden. */
  masked: string;
  /** Nothing on record: no reveal offered. */
  empty: boolean;
  canReveal: boolean;
  reveal: RevealState;
}

/** One masked profile field with its 显示 button (only for roles that may reveal). */
export function SensitiveField({ field, label, masked, empty, canReveal, reveal }: Props) {
  const { t } = useTranslation();
  const shown = field in reveal.revealed;
  const value = shown ? (reveal.revealed[field] ?? t('memberPage.profile.none')) : masked;
  return (
    <div className="mp-field">
      <dt>{label}</dt>
      <dd>
        <span className={shown ? 'mp-revealed' : 'mp-masked'} data-field={field}>
          {value}
        </span>
        {canReveal && !empty && !shown && (
          <Button
            size="small"
            icon={<EyeOutlined aria-hidden />}
            loading={reveal.busy === field}
            disabled={reveal.busy !== null}
            aria-label={t('memberPage.profile.revealAria', { field: label })}
            onClick={() => reveal.reveal(field)}
          >
            {t('memberPage.profile.reveal')}
          </Button>
        )}
        {shown && (
          <Button size="small" type="text" icon={<EyeInvisibleOutlined aria-hidden />} aria-label={t('memberPage.profile.hideAria', { field: label })} onClick={() => reveal.hide(field)}>
            {t('memberPage.profile.hide')}
          </Button>
        )}
      </dd>
    </div>
  );
}
