import { z } from 'zod';
import { id, instant, type MutationHandler, MutationRejected, parse, requireOwnBranch, staffId, text } from './context';
import { emitMember, erasedMemberValues, lockMember } from './memberRows';

const requestArgs = z.object({ id, memberId: id, reason: text(500).min(1), requestedAt: instant, requestedBy: staffId }).strict();
const rejectArgs = z.object({ id, memberId: id, decidedAt: instant, decidedBy: staffId, note: text(500).nullable() }).strict();
const eraseArgs = z.object({ memberId: id, requestId: id, erasedAt: instant, staffId }).strict();

/** The request, which must be of the pushing device's branch and name the member. */
async function ownRequest(ctx: Parameters<MutationHandler['run']>[0], requestId: string, memberId: string) {
  const request = await ctx.trx.selectFrom('deletion_request').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
  if (!request) throw new MutationRejected('VALIDATION', `no deletion request ${requestId}`);
  requireOwnBranch(ctx, request.branch_id, `deletion request ${requestId}`);
  if (request.member_id !== memberId) throw new MutationRejected('VALIDATION', 'the deletion request is of another member');
  return request;
}

/**
 * The deletion workflow (PIPL Art. 47): a request and its decision are decided at the branch
 * that took the request; an erasure reaches every branch as the erased member row.
 */
export const MEMBER_DELETION_HANDLERS: Readonly<Record<string, MutationHandler>> = {
  'member.requestDeletion': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(requestArgs, rawArgs);
      await ctx.trx
        .insertInto('deletion_request')
        .values({ id: a.id, member_id: a.memberId, reason: a.reason, requested_by: a.requestedBy, requested_at: a.requestedAt, status: 'pending', branch_id: ctx.device.branchId })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await ownRequest(ctx, a.id, a.memberId); // a replay of another branch's id is refused
    },
  },
  'member.rejectDeletion': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(rejectArgs, rawArgs);
      const request = await ownRequest(ctx, a.id, a.memberId);
      if (request.status !== 'pending') return; // already decided: a replay changes nothing
      await ctx.trx.updateTable('deletion_request').set({ status: 'rejected', decided_at: a.decidedAt, decided_by: a.decidedBy, note: a.note }).where('id', '=', a.id).execute();
    },
  },
  'member.erase': {
    versions: [1],
    async run(ctx, rawArgs) {
      const a = parse(eraseArgs, rawArgs);
      const request = await ownRequest(ctx, a.requestId, a.memberId);
      const member = await lockMember(ctx, a.memberId);
      if (!member) throw new MutationRejected('VALIDATION', `no member ${a.memberId}`);
      if (request.status === 'pending') {
        await ctx.trx.updateTable('deletion_request').set({ status: 'approved', decided_at: a.erasedAt, decided_by: a.staffId }).where('id', '=', request.id).execute();
      }
      if (member.erased_at !== null) return;
      const erased = await ctx.trx
        .updateTable('member')
        .set((eb) => ({ ...erasedMemberValues(a.erasedAt), version: eb('version', '+', 1) }))
        .where('id', '=', member.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // Free text about the member and the losing values of edits are personal data too.
      await ctx.trx.updateTable('consumption').set({ note: null }).where('member_id', '=', member.id).where('note', 'is not', null).execute();
      await ctx.trx.deleteFrom('member_conflict').where('member_id', '=', member.id).execute();
      emitMember(ctx, erased);
    },
  },
};
