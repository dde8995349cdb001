import { App, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { SetPinForm } from './SetPinForm';

/**
 * 员工 PIN: everyone changes their own; head office (staff.manage) also sets a colleague's, e.g.
 * one who forgot theirs and is locked out (setting a PIN clears the lockout).
 */
export function StaffPins() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { state, can } = useSession();
  const { info } = useDesk();
  const [otherId, setOtherId] = useState<string | null>(null);
  const me = state?.status === 'active' ? state.staff : null;
  const others = (info?.staff ?? []).filter((s) => s.id !== me?.id);
  const otherName = others.find((s) => s.id === otherId)?.name ?? '';

  return (
    <section className="manage-section manage-pins" aria-label={t('manage.tabs.pins')}>
      <div className="manage-card" role="group" aria-label={t('manage.pins.mineTitle')}>
        <h3>{t('manage.pins.mineTitle')}</h3>
        <SetPinForm own staffId={me?.id ?? null} onDone={() => void message.success(t('manage.pins.mineSaved'))}>
          {me && <p className="muted">{t('manage.pins.mineFor', { name: me.name, role: t(`role.${me.role}`) })}</p>}
        </SetPinForm>
      </div>
      {!can('staff.manage') && <p className="muted manage-pin-note">{t('manage.pins.askHeadOffice')}</p>}
      {can('staff.manage') && (
        <div className="manage-card" role="group" aria-label={t('manage.pins.otherTitle')}>
          <h3>{t('manage.pins.otherTitle')}</h3>
          <SetPinForm staffId={otherId} onDone={() => void message.success(t('manage.pins.otherSaved', { name: otherName }))}>
            <label className="manage-field">
              <span>{t('manage.pins.staff')}</span>
              <Select
                value={otherId ?? undefined}
                onChange={(v: string) => setOtherId(v)}
                placeholder={t('manage.pins.chooseStaff')}
                options={others.map((s) => ({ value: s.id, label: t('header.staffOption', { name: s.name, role: t(`role.${s.role}`) }) }))}
              />
            </label>
          </SetPinForm>
        </div>
      )}
    </section>
  );
}
