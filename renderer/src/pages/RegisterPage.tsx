import { Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { branchToday } from '../register/branchToday';
import { RegisterForm } from '../register/RegisterForm';
import { RegistrationDone } from '../register/RegistrationDone';
import type { RegisteredMember } from '../register/useRegisterSubmit';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import '../register/register.css';
import '../register/registerSide.css';

/**
 * New member registration (新会员登记): the form, then the result. "Register another" mounts a
 * fresh form (new key), which also restarts the camera and clears every answer of the last member.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { info, timeZone, clockOffsetMs } = useDesk();
  const [done, setDone] = useState<RegisteredMember | null>(null);
  const [round, setRound] = useState(0);
  // Read once per form, after desk.info gave the branch zone and the services' clock: a form
  // left open over midnight keeps the day it was started on.
  const [today, setToday] = useState<string | null>(null);
  if (info && today === null) setToday(branchToday(timeZone, clockOffsetMs));

  if (!can('members.register')) {
    return (
      <div className="reg-page">
        <Result status="403" title={t('register.noPermission')} />
      </div>
    );
  }
  if (today === null) {
    return (
      <div className="reg-page reg-loading">
        <Spin />
      </div>
    );
  }
  return (
    <div className="reg-page">
      {done ? (
        <RegistrationDone
          member={done}
          onNext={() => {
            setDone(null);
            setToday(branchToday(timeZone, clockOffsetMs));
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <RegisterForm key={round} today={today} onRegistered={setDone} />
      )}
    </div>
  );
}
