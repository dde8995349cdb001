import { Alert, Button, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors';
import { ActionHost } from './ActionHost';
import { CardsTab } from './CardsTab';
import { ConsumptionTab } from './ConsumptionTab';
import { DeletionBlock } from './DeletionBlock';
import type { MemberAction } from './memberActions';
import { MemberHeader } from './MemberHeader';
import { MembershipTab } from './MembershipTab';
import { ProfileSection } from './ProfileSection';
import { useMemberPage } from './useMemberPage';
import { useReveal } from './useReveal';
import { VisitsTab } from './VisitsTab';

/**
 * One member for staff: who they are (sensitive fields masked) on the left, memberships, cards,
 * visits and consumption in tabs on the right. Every action reloads the page from the services,
 * so what is shown is what was stored. Revealed values live here and go when staff leave.
 */
export function MemberView({ memberId, onBack }: { memberId: string; onBack(): void }) {
  const { t } = useTranslation();
  const { page, error, loading, reload } = useMemberPage(memberId);
  const reveal = useReveal(memberId);
  const [action, setAction] = useState<MemberAction | null>(null);

  if (!page) {
    return (
      <div className="mp-state">
        {loading && (
          <>
            <Spin /> <span>{t('memberPage.loading')}</span>
          </>
        )}
        {!loading && error && (
          <Alert
            type="error"
            showIcon
            title={t('memberPage.loadFailed')}
            description={errorText(t, error)}
            action={
              <div className="mp-state-actions">
                <Button onClick={reload}>{t('app.retry')}</Button>
                <Button onClick={onBack}>{t('memberPage.back')}</Button>
              </div>
            }
          />
        )}
      </div>
    );
  }

  const readOnly = page.profile.erasedAt !== null;
  const count = (label: string, n: number) => t('memberPage.tabs.withCount', { label, count: n });
  return (
    <div className="mp-view">
      <MemberHeader page={page} loading={loading} onBack={onBack} onReload={reload} />
      <div className="mp-body">
        <aside className="mp-left">
          {error && <Alert type="error" showIcon title={t('memberPage.reloadFailed')} description={errorText(t, error)} action={<Button onClick={reload}>{t('app.retry')}</Button>} />}
          {readOnly ? (
            <Alert type="info" className="mp-info" showIcon title={t('memberPage.erased.title')} description={t('memberPage.erased.explain')} />
          ) : (
            <ProfileSection page={page} reveal={reveal} onAction={setAction} />
          )}
          {!readOnly && <DeletionBlock page={page} onAction={setAction} />}
        </aside>
        <main className="mp-main card-block">
          <Tabs
            className="mp-tabs"
            items={[
              { key: 'membership', label: t('memberPage.tabs.membership'), children: <MembershipTab page={page} readOnly={readOnly} onAction={setAction} /> },
              { key: 'cards', label: count(t('memberPage.tabs.cards'), page.cards.length), children: <CardsTab cards={page.cards} readOnly={readOnly} onAction={setAction} /> },
              { key: 'visits', label: count(t('memberPage.tabs.visits'), page.visits.length), children: <VisitsTab visits={page.visits} /> },
              {
                key: 'consumption',
                label: count(t('memberPage.tabs.consumption'), page.consumption.length),
                children: <ConsumptionTab rows={page.consumption} readOnly={readOnly} onAction={setAction} />,
              },
            ]}
          />
        </main>
      </div>
      <ActionHost
        action={readOnly ? null : action}
        page={page}
        onClose={() => setAction(null)}
        onDone={() => {
          // What was revealed may no longer be what is stored.
          if (action?.kind === 'editProfile') reveal.clear();
          reload();
        }}
      />
    </div>
  );
}
