import type { MemberPageDto } from '../../../core/contract/memberDto';
import { CancelDialog } from './CancelDialog';
import { CardEndDialog } from './CardEndDialog';
import { CardTapDialog } from './CardTapDialog';
import { ConsumptionDialog } from './ConsumptionDialog';
import { DeletionDialog } from './DeletionDialog';
import { EditProfileDialog } from './EditProfileDialog';
import { FreezeDialog } from './FreezeDialog';
import type { MemberAction } from './memberActions';
import { RefundDecisionDialog } from './RefundDecisionDialog';
import { RefundRequestDialog } from './RefundRequestDialog';
import { RenewDialog } from './RenewDialog';
import { UnfreezeDialog } from './UnfreezeDialog';

/** The dialog of the action staff chose, if any. */
export function ActionHost({ action, page, onClose, onDone }: { action: MemberAction | null; page: MemberPageDto; onClose(): void; onDone(): void }) {
  if (!action) return null;
  const memberId = page.profile.id;
  const common = { onClose, onDone };
  switch (action.kind) {
    case 'freeze':
      return <FreezeDialog membership={action.membership} {...common} />;
    case 'unfreeze':
      return <UnfreezeDialog membership={action.membership} {...common} />;
    case 'renew':
      return <RenewDialog membership={action.membership} {...common} />;
    case 'requestRefund':
      return <RefundRequestDialog membership={action.membership} {...common} />;
    case 'decideRefund':
      return <RefundDecisionDialog membership={action.membership} request={action.request} {...common} />;
    case 'cancel':
      return <CancelDialog membership={action.membership} memberNo={page.profile.memberNo} {...common} />;
    case 'bindCard':
      return <CardTapDialog memberId={memberId} replacing={null} {...common} />;
    case 'replaceCard':
      return <CardTapDialog memberId={memberId} replacing={action.card} {...common} />;
    case 'reportLost':
      return <CardEndDialog card={action.card} ending="lost" {...common} />;
    case 'unbindCard':
      return <CardEndDialog card={action.card} ending="unbind" {...common} />;
    case 'recordConsumption':
      return <ConsumptionDialog memberId={memberId} {...common} />;
    case 'requestDeletion':
      return <DeletionDialog memberId={memberId} {...common} />;
    case 'editProfile':
      return <EditProfileDialog page={page} {...common} />;
  }
}
