import { WarningFilled } from '@ant-design/icons';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';

/** Who is on duty: visits and overrides record it, and overrides are refused without it. */
export function StaffSelect() {
  const { t } = useTranslation();
  const { info, setOnDuty } = useDesk();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  if (!info) return null;
  const onChange = async (staffId: string) => {
    setBusy(true);
    const res = await setOnDuty(staffId);
    setBusy(false);
    setError(res.ok ? null : res.error);
  };
  const warning = error ? errorText(t, error) : info.onDuty ? null : t('header.noOnDuty');
  return (
    <>
      <Select
        aria-label={t('header.onDuty')}
        className="staff-select"
        value={info.onDuty?.id}
        placeholder={t('header.onDutyPlaceholder')}
        status={warning ? 'warning' : undefined}
        loading={busy}
        onChange={(v: string) => void onChange(v)}
        options={info.staff.map((s) => ({ value: s.id, label: t('header.staffOption', { name: s.name, role: t(`role.${s.role}`) }) }))}
        popupMatchSelectWidth={false}
      />
      {warning && (
        <span className="header-warning" role="alert">
          <WarningFilled aria-hidden /> {warning}
        </span>
      )}
    </>
  );
}
