import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Radio } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffDto } from '../../../core/contract/dto';
import type { SignInResultDto } from '../../../core/contract/staffDto';
import { errorText } from '../i18n/errors';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import type { TapEntry } from '../state/useTapQueue';
import { DemoPins } from './DemoPins';
import { LockedTapStrip } from './LockedTapStrip';
import { PinPad } from './PinPad';

const ROLE_ORDER = ['reception', 'manager', 'coach', 'headoffice'];
const PIN_LENGTH = 6;

type Failure = Extract<SignInResultDto, { ok: false }>;

/**
 * Sign-in and the lock screen. Locked, it names who holds the desk and asks for their PIN (or
 * lets someone else sign in); card taps keep checking members in behind it and only the decision
 * shows here, never the member's details.
 */
export function SignInScreen({ latest }: { latest: TapEntry | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const { info, timeZone } = useDesk();
  const locked = session.state?.status === 'locked' ? session.state : null;
  const [staffId, setStaffId] = useState<string | null>(locked?.staff.id ?? null);
  const [switching, setSwitching] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const pinRef = useRef<{ focus(): void } | null>(null);

  useEffect(() => {
    if (locked && !switching) setStaffId(locked.staff.id);
  }, [locked, switching]);
  useEffect(() => pinRef.current?.focus(), [staffId]);

  const staff = [...(info?.staff ?? [])].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
  const failureText = (f: Failure): string => {
    if (f.reason === 'locked' && f.retryAt) return t('session.locked', { time: formatTime(f.retryAt, timeZone, locale) });
    if (f.reason === 'wrong_pin' && f.attemptsLeftBeforeLock !== undefined && f.attemptsLeftBeforeLock > 0) {
      return t('session.wrongPinAttempts', { count: f.attemptsLeftBeforeLock });
    }
    return t(`session.${f.reason}`);
  };

  const submit = async (value = pin) => {
    if (!staffId) return setMessage(t('session.chooseStaffFirst'));
    if (!/^[0-9]{6}$/.test(value)) return setMessage(t('session.pinFormat'));
    setBusy(true);
    const res = await session.signIn(staffId, value);
    setBusy(false);
    setPin('');
    if (!res.ok) setMessage(errorText(t, res.error));
    else if (!res.value.ok) setMessage(failureText(res.value));
    else setMessage(null);
    pinRef.current?.focus();
  };

  const typed = (next: string) => {
    const digits = next.replace(/[^0-9]/g, '').slice(0, PIN_LENGTH);
    setPin(digits);
    setMessage(null);
    if (digits.length === PIN_LENGTH) void submit(digits);
  };

  const chooser = !locked || switching;
  return (
    <main className="sign-in" aria-label={locked ? t('session.lockedTitle') : t('session.signInTitle')}>
      <section className="sign-in-card">
        <div className="sign-in-who">
        <h1>
          {locked ? <LockOutlined aria-hidden /> : <UserOutlined aria-hidden />} {locked ? t('session.lockedTitle') : t('session.signInTitle')}
        </h1>
        <p className="muted">{locked && !switching ? t('session.lockedHint', { name: locked.staff.name }) : t('session.signInHint')}</p>
        {chooser && (
          <Radio.Group
            className="staff-choice"
            aria-label={t('session.staffList')}
            value={staffId}
            onChange={(e) => {
              setStaffId(e.target.value as string);
              setMessage(null);
            }}
            optionType="button"
            buttonStyle="solid"
            options={staff.map((s: StaffDto) => ({ value: s.id, label: t('header.staffOption', { name: s.name, role: t(`role.${s.role}`) }) }))}
          />
        )}
        {locked && !switching && (
          <Button type="link" className="switch-staff" onClick={() => setSwitching(true)}>
            {t('session.switchStaff')}
          </Button>
        )}
        {info?.demo && info.demoPins.length > 0 && <DemoPins staff={staff} pins={info.demoPins} />}
        </div>
        <form
          className="pin-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="staff-pin">{t('session.pin')}</label>
          <Input.Password
            id="staff-pin"
            ref={(el) => {
              pinRef.current = el;
            }}
            value={pin}
            onChange={(e) => typed(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            maxLength={PIN_LENGTH}
            placeholder={t('session.pinPlaceholder')}
            disabled={busy}
            size="large"
          />
          <PinPad disabled={busy} onDigit={(d) => typed(pin + d)} onBackspace={() => setPin(pin.slice(0, -1))} onClear={() => setPin('')} />
          {message && <Alert type="error" showIcon title={message} role="alert" />}
          <Button type="primary" htmlType="submit" size="large" loading={busy} block>
            {locked && !switching ? t('session.unlock') : t('session.submit')}
          </Button>
        </form>
      </section>
      {locked && <LockedTapStrip entry={latest} />}
    </main>
  );
}
