import { CARD_HANDLERS } from './card';
import type { MutationHandler } from './context';
import { FACT_HANDLERS } from './facts';
import { MEMBER_DELETION_HANDLERS } from './memberDeletion';
import { MEMBER_REGISTER_HANDLER } from './memberRegister';
import { MEMBER_UPDATE_HANDLER } from './memberUpdate';
import { MEMBERSHIP_HANDLERS } from './membership';
import { VISIT_HANDLERS } from './visit';

export { type BulkContext, type BulkOutcome, type HandlerContext, type MutationHandler, MutationRejected, type PendingChange } from './context';
export { branchScope, GLOBAL_SCOPE } from '../scopes';

/**
 * Every mutation type head office applies, by name (docs/SYNC-MUTATIONS.md: the list, each
 * type's ownership rule, and how to add one).
 */
export const HANDLERS: Readonly<Record<string, MutationHandler>> = {
  ...VISIT_HANDLERS,
  'member.register': MEMBER_REGISTER_HANDLER,
  'member.update': MEMBER_UPDATE_HANDLER,
  ...MEMBER_DELETION_HANDLERS,
  ...CARD_HANDLERS,
  ...MEMBERSHIP_HANDLERS,
  ...FACT_HANDLERS,
};
