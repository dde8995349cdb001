import type { Selectable } from 'kysely';
import type { MemberTable } from '../../db/schema';
import { GLOBAL_SCOPE } from '../scopes';
import { emitRow, type HandlerContext, MutationRejected } from './context';

export type MemberRow = Selectable<MemberTable>;

/** What an erased member's name becomes: the same text as the kiosk's (services/members/erasure.ts). */
export const ERASED_NAME = '已注销会员';

/**
 * The personal columns an erasure clears, as the kiosk's erasure does (services/members/
 * erasure.ts), including the sealed ones: the row stays so visits and money keep their history.
 */
export function erasedMemberValues(at: string) {
  return {
    name: ERASED_NAME, phone: '', phone_tail: '', birthday: null, photo: null, id_card_sealed: null, health_notes_sealed: null,
    emergency_contact_sealed: null, fitness_goal: null, preferred_courses: '[]', medical_alert: false, erased_at: at, updated_at: at,
    field_clock: '{}',
  } as const;
}

export async function lockMember(ctx: HandlerContext, memberId: string): Promise<MemberRow | undefined> {
  return ctx.trx.selectFrom('member').selectAll().where('id', '=', memberId).forUpdate().executeTakeFirst();
}

export async function requireMember(ctx: HandlerContext, memberId: string): Promise<MemberRow> {
  const member = await lockMember(ctx, memberId);
  if (!member) throw new MutationRejected('VALIDATION', `no member ${memberId}`);
  return member;
}

export function emitMember(ctx: HandlerContext, member: MemberRow): void {
  emitRow(ctx, GLOBAL_SCOPE, 'member', member);
}
