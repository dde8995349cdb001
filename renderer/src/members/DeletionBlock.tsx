import { UserDeleteOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';
import { formatInstantDateTime } from './dates';
import type { OpenAction } from './memberActions';

/**
 * Deletion on request: where the latest request stands, and the button to file one. Erased
 * members get no button (there is nothing left to erase).
 */
export function DeletionBlock({ page, onAction }: { page: MemberPageDto; onAction: OpenAction }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const { can } = useSession();
  const d = page.deletion;
  const erased = page.profile.erasedAt !== null;
  const pending = d?.status === 'pending';
  const at = (iso: string | null) => (iso ? formatInstantDateTime(iso, timeZone, locale) : '');
  return (
    <section className="card-block mp-deletion" aria-label={t('memberPage.deletion.title')}>
      <h3 className="block-title">{t('memberPage.deletion.title')}</h3>
      {d?.status === 'pending' && (
        <Alert
          type="warning"
          showIcon
          title={t('memberPage.deletion.pending')}
          description={t('memberPage.deletion.requestedBy', { staff: d.requestedBy ?? '—', at: at(d.requestedAt), reason: d.reason })}
        />
      )}
      {d?.status === 'rejected' && (
        <Alert
          type="info"
          className="mp-info"
          showIcon
          title={t('memberPage.deletion.rejected')}
          description={t('memberPage.deletion.decidedBy', { staff: d.decidedBy ?? '—', at: at(d.decidedAt), note: d.note ?? '—' })}
        />
      )}
      {erased && <p>{t('memberPage.erased.explain')}</p>}
      {!d && !erased && <p className="muted">{t('memberPage.deletion.none')}</p>}
      {!erased && !pending && can('members.requestDeletion') && (
        <Button danger icon={<UserDeleteOutlined aria-hidden />} onClick={() => onAction({ kind: 'requestDeletion' })}>
          {t('memberPage.actions.requestDeletion')}
        </Button>
      )}
    </section>
  );
}
