import { Collapse } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffDto } from '../../../core/contract/dto';

/** The demo database's staff PINs, so someone trying the desk can sign in. Never on a real desk. */
export function DemoPins({ staff, pins }: { staff: StaffDto[]; pins: { staffId: string; pin: string }[] }) {
  const { t } = useTranslation();
  const byId = new Map(pins.map((p) => [p.staffId, p.pin]));
  return (
    <Collapse
      className="demo-pins"
      size="small"
      items={[
        {
          key: 'demo',
          label: t('session.demoTitle'),
          children: (
            <>
              <p className="muted">{t('session.demoHint')}</p>
              <ul aria-label={t('session.demoTitle')}>
                {staff
                  .filter((s) => byId.has(s.id))
                  .map((s) => (
                    <li key={s.id}>
                      {t('header.staffOption', { name: s.name, role: t(`role.${s.role}`) })} <code>{byId.get(s.id)}</code>
                    </li>
                  ))}
              </ul>
            </>
          ),
        },
      ]}
    />
  );
}
