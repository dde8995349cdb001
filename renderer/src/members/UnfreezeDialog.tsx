import { useTranslation } from 'react-i18next';
import type { MembershipDto } from '../../../core/contract/memberDto';
import { unusedFreeze, validUntilAfterUnfreeze } from '../../../core/membership/freeze';
import { call } from '../api/kiosk';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { ActionDialog } from './ActionDialog';
import { useBranchToday } from './dates';

/**
 * 解除暂停: the member may train again today. The days not used (today onwards, or the whole
 * window if it has not begun) are taken back off the extended last day.
 */
export function UnfreezeDialog({ membership, onClose, onDone }: { membership: MembershipDto; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = useBranchToday();
  const { frozenFrom, frozenUntil } = membership;
  const unused = frozenFrom && frozenUntil ? unusedFreeze(frozenFrom, frozenUntil, today) : null;
  const newEnd = frozenFrom && frozenUntil ? validUntilAfterUnfreeze(membership.validUntil, frozenFrom, frozenUntil, today) : membership.validUntil;
  return (
    <ActionDialog
      title={t('memberPage.unfreeze.title')}
      okText={t('memberPage.unfreeze.ok')}
      submit={() => call('membership.unfreeze', { membershipId: membership.id })}
      successText={t('memberPage.unfreeze.done')}
      onClose={onClose}
      onDone={onDone}
    >
      <p>{t('memberPage.unfreeze.intro')}</p>
      {unused && unused.days > 0 ? (
        <p>
          {t('memberPage.unfreeze.returned', {
            days: unused.days,
            from: formatCalendarDate(unused.from, locale),
            to: formatCalendarDate(unused.until, locale),
            end: formatCalendarDate(newEnd, locale),
          })}
        </p>
      ) : (
        <p>{t('memberPage.unfreeze.noDates', { end: formatCalendarDate(newEnd, locale) })}</p>
      )}
    </ActionDialog>
  );
}
