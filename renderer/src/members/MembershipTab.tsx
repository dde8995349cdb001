import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import type { OpenAction } from './memberActions';
import { MembershipHistory } from './MembershipHistory';
import { MembershipItem } from './MembershipItem';

/** 会籍: each membership with its actions, then the history of all of them. */
export function MembershipTab({ page, readOnly, onAction }: { page: MemberPageDto; readOnly: boolean; onAction: OpenAction }) {
  const { t } = useTranslation();
  return (
    <div className="mp-tab">
      {page.memberships.length === 0 ? (
        <p className="muted">{t('member.noMembership')}</p>
      ) : (
        page.memberships.map((m) => <MembershipItem key={m.id} membership={m} history={page.history} readOnly={readOnly} onAction={onAction} />)
      )}
      <MembershipHistory history={page.history} memberships={page.memberships} />
    </div>
  );
}
