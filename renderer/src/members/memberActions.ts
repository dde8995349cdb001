import type { CardDto, MembershipDto, MembershipEventDto } from '../../../core/contract/memberDto';

/** Every action the member page offers; the open one decides which dialog is shown. */
export type MemberAction =
  | { kind: 'freeze'; membership: MembershipDto }
  | { kind: 'unfreeze'; membership: MembershipDto }
  | { kind: 'renew'; membership: MembershipDto }
  | { kind: 'requestRefund'; membership: MembershipDto }
  | { kind: 'decideRefund'; membership: MembershipDto; request: MembershipEventDto | null }
  | { kind: 'cancel'; membership: MembershipDto }
  | { kind: 'bindCard' }
  | { kind: 'replaceCard'; card: CardDto }
  | { kind: 'reportLost'; card: CardDto }
  | { kind: 'unbindCard'; card: CardDto }
  | { kind: 'recordConsumption' }
  | { kind: 'requestDeletion' }
  | { kind: 'editProfile' };

export type OpenAction = (action: MemberAction) => void;
