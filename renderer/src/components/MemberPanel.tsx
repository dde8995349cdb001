import { IdcardOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClassQuotaDto, MemberPanelDto } from '../../../core/contract/dto';
import { BenefitList } from './BenefitList';
import { ClassCheckin } from './ClassCheckin';
import { MedicalAlert } from './MedicalAlert';
import { MemberIdentity } from './MemberIdentity';
import { MembershipInfo } from './MembershipInfo';
import { RecentVisits } from './RecentVisits';

/**
 * Everything the desk needs about the member in two columns: who they are, membership and last
 * visits on the left; what their tier gives them and the group-class check-in on the right.
 */
export function MemberPanel({ panel, onQuota, onOpen }: { panel: MemberPanelDto; onQuota(quota: ClassQuotaDto): void; onOpen?(): void }) {
  const { t } = useTranslation();
  return (
    <section className="member-panel" aria-label={t('member.panel')}>
      {onOpen && (
        <Button className="member-open" onClick={onOpen} icon={<IdcardOutlined aria-hidden />}>
          {t('member.openPage')}
        </Button>
      )}
      {panel.member.medicalAlert && <MedicalAlert />}
      <div className="member-grid">
        <div className="member-col">
          <div className="card-block">
            <MemberIdentity panel={panel} />
          </div>
          <MembershipInfo membership={panel.membership} />
          <RecentVisits visits={panel.recentVisits} />
        </div>
        <div className="member-col">
          <BenefitList benefits={panel.benefits} />
          <ClassCheckin memberId={panel.member.id} quota={panel.classQuota} onQuota={onQuota} />
        </div>
      </div>
    </section>
  );
}
