import { Alert, Button, Input } from 'antd';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type DeskError } from '../api/kiosk';
import { pinErrorText } from './pinErrors';

const PIN = /^[0-9]{6}$/;

interface Props {
  /** Whose PIN; null until head office picks someone. */
  staffId: string | null;
  /** Above the fields: who this is for (a picker, or "you"). */
  children?: ReactNode;
  /** One's own PIN: the current one is asked first, so nobody else at the desk can change it. */
  own?: boolean;
  onDone(): void;
}

/**
 * A new PIN typed twice. The format is checked here for a quick answer; whether it is too easy to
 * guess (123456, 121212) is the service's rule and comes back as its refusal.
 */
export function SetPinForm({ staffId, children, own = false, onDone }: Props) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<DeskError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!staffId) return setProblem(t('manage.pins.chooseStaff'));
    if (own && !PIN.test(current)) return setProblem(t('manage.pins.currentFormat'));
    if (!PIN.test(pin)) return setProblem(t('manage.pins.format'));
    if (pin !== again) return setProblem(t('manage.pins.mismatch'));
    setProblem(null);
    setBusy(true);
    const res = await call('staff.setPin', { staffId, pin, ...(own ? { currentPin: current } : {}) });
    setBusy(false);
    setCurrent('');
    setPin('');
    setAgain('');
    if (!res.ok) return setError(res.error);
    onDone();
  };

  const digits = (v: string) => v.replace(/[^0-9]/g, '').slice(0, 6);
  return (
    <form className="manage-pin-form" onSubmit={(e) => void submit(e)}>
      {children}
      {own && (
        <label className="manage-field">
          <span>{t('manage.pins.currentPin')}</span>
          <Input.Password value={current} onChange={(e) => setCurrent(digits(e.target.value))} inputMode="numeric" maxLength={6} autoComplete="current-password" />
        </label>
      )}
      <label className="manage-field">
        <span>{t('manage.pins.newPin')}</span>
        <Input.Password value={pin} onChange={(e) => setPin(digits(e.target.value))} inputMode="numeric" maxLength={6} autoComplete="new-password" />
      </label>
      <label className="manage-field">
        <span>{t('manage.pins.again')}</span>
        <Input.Password value={again} onChange={(e) => setAgain(digits(e.target.value))} inputMode="numeric" maxLength={6} autoComplete="new-password" />
      </label>
      <p className="muted manage-pin-rule">{t('manage.pins.rule')}</p>
      {(problem || error) && <Alert type="error" showIcon title={problem ?? (error ? pinErrorText(t, error) : '')} />}
      <Button type="primary" htmlType="submit" loading={busy} disabled={!pin || !again || (own && !current)}>
        {t('manage.pins.save')}
      </Button>
    </form>
  );
}
