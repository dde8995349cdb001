import { Avatar } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPanelDto } from '../../../core/contract/dto';
import { initials } from '../i18n/format';
import { TierBadge } from './TierBadge';

/** Photo (to stop card lending) or initials, name, tier, member number, masked phone, branch. */
export function MemberIdentity({ panel }: { panel: MemberPanelDto }) {
  const { t } = useTranslation();
  const m = panel.member;
  return (
    <div className="identity">
      {m.photoDataUrl ? (
        <Avatar size={84} src={m.photoDataUrl} alt={t('member.photoAlt', { name: m.name })} shape="square" />
      ) : (
        <Avatar size={84} shape="square" className="identity-initials" aria-hidden>
          {initials(m.name)}
        </Avatar>
      )}
      <div className="identity-text">
        <div className="identity-name-row">
          <h2 className="identity-name">{m.name}</h2>
          <TierBadge tier={panel.tier?.code ?? null} />
        </div>
        <dl className="facts">
          <div>
            <dt>{t('member.memberNo')}</dt>
            <dd>{m.memberNo}</dd>
          </div>
          <div>
            <dt>{t('member.phone')}</dt>
            <dd>{m.phoneMasked}</dd>
          </div>
          <div>
            <dt>{t('member.homeBranch')}</dt>
            <dd>{m.homeBranchName}</dd>
          </div>
          {panel.tier && (
            <div>
              <dt>{t('tier.scoreLabel')}</dt>
              <dd>{t('tier.score', { score: panel.tier.score.toFixed(1), quarter: panel.tier.quarter })}</dd>
            </div>
          )}
        </dl>
      </div>
    </div>
  );
}
