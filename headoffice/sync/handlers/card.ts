import { sql } from 'kysely';
import { z } from 'zod';
import { toKioskRow } from '../kioskRows';
import { GLOBAL_SCOPE } from '../scopes';
import { emitRow, id, instant, type MutationHandler, MutationRejected, parse, staffId, theRow } from './context';

const cardUid = z.string().min(1).max(32).regex(/^[0-9A-Fa-f]+$/);

/** card.bind as services/members/cardService.ts sends it. */
const bindArgs = z
  .object({ id, memberId: id, cardUid, w26Key: z.string().max(32).nullable(), boundAt: instant, staffId })
  .strict();

const setStatusArgs = z
  .object({ id, memberId: id, status: z.enum(['lost', 'replaced', 'unbound']), endedAt: instant, staffId })
  .strict();

/**
 * Card bindings: one card, one member, chain-wide, decided here (the partial unique index on
 * the active card_uid). The loser is rejected with the winning binding in the kiosk's row shape.
 */
export const CARD_HANDLERS: Readonly<Record<string, MutationHandler>> = {
  'card.bind': {
    versions: [1],
    // One key for every card mutation: a binding ended and a card bound again are decided by
    // their order (the partial unique index on the active card_uid).
    touches: () => ['card'],
    async run(ctx, rawArgs) {
      const a = parse(bindArgs, rawArgs);
      // One round trip: a binding already stored under this id, and the member (locked against an erasure meanwhile).
      const { rows } = await sql<{ same: { member_id: string; card_uid: string } | null; member: { erased_at: string | null } | null }>`
        SELECT (SELECT json_build_object('member_id', member_id, 'card_uid', card_uid) FROM card_binding WHERE id = ${a.id}) AS same,
          (SELECT json_build_object('erased_at', erased_at) FROM member WHERE id = ${a.memberId} FOR SHARE) AS member`.execute(ctx.trx);
      const { same, member } = rows[0]!;
      if (same) {
        if (same.member_id !== a.memberId || same.card_uid !== a.cardUid) throw new MutationRejected('CONFLICT', `card binding ${a.id} exists with other content`);
        return; // a replay
      }
      if (!member) throw new MutationRejected('VALIDATION', `no member ${a.memberId}`);
      if (member.erased_at !== null) throw new MutationRejected('CONFLICT', 'the member was erased on request');
      const insert = ctx.trx
        .insertInto('card_binding')
        .values({
          id: a.id, card_uid: a.cardUid, w26_key: a.w26Key, member_id: a.memberId, status: 'active', bound_at: a.boundAt, ended_at: null,
          branch_id: ctx.device.branchId, staff_id: a.staffId, version: 1,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll();
      await ctx.finish(insert, async ([inserted]) => {
        if (!inserted) {
          const winner = await ctx.trx.selectFrom('card_binding').selectAll().where('card_uid', '=', a.cardUid).where('status', '=', 'active').executeTakeFirst();
          if (!winner) throw new MutationRejected('CONFLICT', `card binding ${a.id} could not be written`);
          throw new MutationRejected('CONFLICT', 'the card is bound to another member', toKioskRow('card_binding', winner));
        }
        emitRow(ctx, GLOBAL_SCOPE, 'card_binding', inserted);
      });
    },
  },
  'card.setStatus': {
    versions: [1],
    touches: () => ['card'],
    async run(ctx, rawArgs) {
      const a = parse(setStatusArgs, rawArgs);
      const binding = await ctx.trx.selectFrom('card_binding').selectAll().where('id', '=', a.id).forUpdate().executeTakeFirst();
      if (!binding) throw new MutationRejected('VALIDATION', `no card binding ${a.id}`);
      if (binding.member_id !== a.memberId) throw new MutationRejected('VALIDATION', 'the card binding is of another member');
      if (binding.status !== 'active') return; // already ended (a replay, or ended elsewhere first)
      const end = ctx.trx
        .updateTable('card_binding')
        .set((eb) => ({ status: a.status, ended_at: a.endedAt, version: eb('version', '+', 1) }))
        .where('id', '=', a.id)
        .returningAll();
      await ctx.finish(end, (rows) => emitRow(ctx, GLOBAL_SCOPE, 'card_binding', theRow(rows)));
    },
  },
};
