import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealField } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { actionErrorText } from './actionErrors';

export interface RevealState {
  /** Revealed values of this page visit; null when the member has none on record. */
  revealed: Partial<Record<RevealField, string | null>>;
  busy: RevealField | null;
  reveal(field: RevealField): void;
  /** Masks the field again (no service call: nothing new is shown). */
  hide(field: RevealField): void;
  /** Masks every field again, e.g. after an edit made what was revealed out of date. */
  clear(): void;
}

/**
 * Full values revealed on purpose, one field at a time (each reveal is an audit row). They live
 * in this component's state only, so leaving the member page forgets them.
 */
export function useReveal(memberId: string): RevealState {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<RevealState['revealed']>({});
  const [busy, setBusy] = useState<RevealField | null>(null);

  const reveal = useCallback(
    (field: RevealField) => {
      setBusy(field);
      void call('members.reveal', { memberId, field }).then((res) => {
        setBusy(null);
        if (res.ok) setRevealed((prev) => ({ ...prev, [field]: res.value.value }));
        else void message.error(actionErrorText(t, res.error));
      });
    },
    [memberId, message, t],
  );
  const hide = useCallback((field: RevealField) => {
    setRevealed((prev) => {
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }, []);
  const clear = useCallback(() => setRevealed({}), []);
  return { revealed, busy, reveal, hide, clear };
}
