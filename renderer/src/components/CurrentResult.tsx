import { Skeleton } from 'antd';
import type { CheckinResultDto, ClassQuotaDto } from '../../../core/contract/dto';
import type { TapEntry } from '../state/useTapQueue';
import { DecisionBanner } from './DecisionBanner';
import { EmptyState } from './EmptyState';
import { MemberPanel } from './MemberPanel';
import { OverrideButton } from './OverrideButton';

interface Props {
  entry: TapEntry | null;
  onOverridden(key: string, result: CheckinResultDto, reason: string): void;
  onQuota(key: string, memberId: string, quota: ClassQuotaDto): void;
  /** Opens the member's full page (cards, membership, history). */
  onOpenMember?(memberId: string): void;
}

/** The main area: the shown tap's decision banner and, when there is a member, their panel. */
export function CurrentResult({ entry, onOverridden, onQuota, onOpenMember }: Props) {
  if (!entry) return <EmptyState />;
  const result = entry.result;
  const panel = result?.member ?? null;
  return (
    <div className="current">
      <DecisionBanner
        entry={entry}
        actions={result ? <OverrideButton result={result} onDone={(next, reason) => onOverridden(entry.key, next, reason)} /> : null}
      />
      {entry.status === 'pending' && <Skeleton active avatar paragraph={{ rows: 6 }} className="panel-skeleton" />}
      {panel && (
        // Keyed by tap: the class check-in message belongs to this tap, not the next member.
        <MemberPanel
          key={entry.key}
          panel={panel}
          onQuota={(quota) => onQuota(entry.key, panel.member.id, quota)}
          {...(onOpenMember ? { onOpen: () => onOpenMember(panel.member.id) } : {})}
        />
      )}
    </div>
  );
}
