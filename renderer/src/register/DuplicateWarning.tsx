import { WarningFilled } from '@ant-design/icons';
import { Alert, Button, Checkbox, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import type { DuplicatesState } from './useDuplicates';

interface Props {
  state: DuplicatesState;
  acknowledged: boolean;
  onAcknowledge(value: boolean): void;
  /** Save was pressed without the acknowledgement. */
  error: string | null;
  onOpen(memberId: string): void;
  busy: boolean;
  /** The heading; registration's own by default (the member page's edit names it otherwise). */
  title?: string;
}

/**
 * Members with the same mobile or ID number, before the save: one person registered twice
 * splits their visits, payments and tier score. Saving anyway needs an explicit tick.
 */
export function DuplicateWarning({ state, acknowledged, onAcknowledge, error, onOpen, busy, title }: Props) {
  const { t } = useTranslation();
  const { duplicates, checking } = state;
  const box = useRef<HTMLDivElement>(null);
  // The save was refused for these members; their column may be scrolled, so bring the list
  // and the tick box into view.
  useEffect(() => {
    if (error) box.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  if (duplicates.length === 0) {
    if (checking) {
      return (
        <p className="reg-note reg-dup-checking">
          <Spin size="small" /> {t('register.duplicates.checking')}
        </p>
      );
    }
    if (state.error) return <Alert type="warning" showIcon title={t('register.duplicates.failed')} description={errorText(t, state.error)} />;
    return null;
  }
  return (
    <div className="reg-dup" ref={box} role="alert" aria-labelledby="reg-dup-title">
      <h3 className="reg-dup-title" id="reg-dup-title">
        <WarningFilled className="reg-dup-icon" /> {title ?? t('register.duplicates.title')}
      </h3>
      <p className="reg-dup-hint">{t('register.duplicates.hint')}</p>
      <ul className="reg-dup-list">
        {duplicates.map((d) => (
          <li key={d.id}>
            <span className="reg-dup-who">
              <span className="reg-dup-name">{d.name}</span>
              <span>{d.memberNo}</span>
              <span>{t('register.duplicates.phoneTail', { tail: d.phoneTail })}</span>
            </span>
            <span className="reg-dup-match">{d.matchedOn.map((m) => t(`register.duplicates.matchedOn.${m}`)).join(' · ')}</span>
            <Button size="small" onClick={() => onOpen(d.id)}>
              {t('register.duplicates.open')}
            </Button>
          </li>
        ))}
      </ul>
      <Checkbox checked={acknowledged} disabled={busy} onChange={(e) => onAcknowledge(e.target.checked)}>
        {t('register.duplicates.acknowledge')}
      </Checkbox>
      {error && <p className="reg-area-error">{error}</p>}
    </div>
  );
}
