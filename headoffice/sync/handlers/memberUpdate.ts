import { z } from 'zod';
import type { PushMutation } from '../../../core/sync/protocol';
import type { Updateable } from 'kysely';
import type { MemberTable } from '../../db/schema';
import { type HandlerContext, id, instant, isoDate, type MutationHandler, MutationRejected, parse, text, theRow, zeroOne } from './context';
import { consentArgs, insertConsent } from './factRows';
import { compareHlcText, hlcNode } from './hlcOrder';
import { emitMember, type MemberRow, requireMember } from './memberRows';

/**
 * The member columns a branch may edit (services/members/memberChanges.ts EditableColumns, less
 * the blind index, which never leaves the branch). Anything else in `set` is refused. A value is
 * null when the kiosk scrubbed it (erasure, consent withdrawn) or cleared it.
 */
const editableSet = z
  .object({
    name: text(100).min(1).nullable(),
    gender: z.enum(['female', 'male', 'unspecified']),
    birthday: isoDate.nullable(),
    phone: text(32).nullable(),
    phone_tail: text(8).nullable(),
    emergency_contact_sealed: text(4_096).nullable(),
    id_card_sealed: text(4_096).nullable(),
    health_notes_sealed: text(16_384).nullable(),
    medical_alert: zeroOne,
    fitness_goal: text(200).nullable(),
    preferred_courses: text(4_000).nullable(),
  })
  .partial()
  .strict();

const updateArgs = z
  .object({ memberId: id, set: editableSet, consent: consentArgs.nullable(), updatedAt: instant, version: z.number().int().min(1) })
  .strict();

type EditableField = keyof z.infer<typeof editableSet>;

/** Columns that cannot hold null at head office: a null there is a scrubbed value, not a change. */
const NOT_NULL: ReadonlySet<EditableField> = new Set(['name', 'gender', 'phone', 'phone_tail', 'medical_alert']);

/** The value as head office stores it (0/1 → boolean, course list JSON text checked). */
function stored(field: EditableField, value: unknown): unknown {
  if (field === 'medical_alert') return value === 1;
  if (field === 'preferred_courses') {
    const parsed = z.array(z.string().max(64)).max(50).safeParse((() => { try { return JSON.parse(String(value)); } catch { return undefined; } })());
    return JSON.stringify(parsed.success ? parsed.data : []);
  }
  return value;
}

function current(member: MemberRow, field: EditableField): unknown {
  if (field === 'preferred_courses') return JSON.stringify(member.preferred_courses);
  return member[field];
}

/**
 * Per-field last-writer-wins by the mutation's HLC (SYNC.md). A write older than the field's
 * clock loses; a newer write from another PC that had not seen head office's latest member
 * version (its base version is older) overwrites a concurrent value. Either way the losing value
 * goes to member_conflict for a person to review.
 */
async function mergeFields(ctx: HandlerContext, member: MemberRow, set: z.infer<typeof editableSet>, baseVersion: number, m: PushMutation) {
  const clock: Record<string, string> = { ...(member.field_clock ?? {}) };
  const changes: Record<string, unknown> = {};
  const losers: { field: string; value: unknown; losing: string; winning: string }[] = [];
  for (const [field, raw] of Object.entries(set) as [EditableField, unknown][]) {
    if (raw === null && NOT_NULL.has(field)) continue;
    const value = stored(field, raw);
    const before = clock[field];
    if (before !== undefined && compareHlcText(m.hlc, before) <= 0) {
      losers.push({ field, value, losing: m.hlc, winning: before });
      continue;
    }
    const concurrent = before !== undefined && hlcNode(before) !== hlcNode(m.hlc) && baseVersion < member.version;
    if (concurrent && JSON.stringify(current(member, field)) !== JSON.stringify(value)) {
      losers.push({ field, value: current(member, field), losing: before, winning: m.hlc });
    }
    changes[field] = value;
    clock[field] = m.hlc;
  }
  if (losers.length > 0) {
    await ctx.trx
      .insertInto('member_conflict')
      .values(losers.map((l) => ({
        member_id: member.id, field: l.field, losing_value: JSON.stringify(l.value ?? null), losing_hlc: l.losing, winning_hlc: l.winning,
        mutation_id: m.mutationId, branch_id: ctx.device.branchId,
      })))
      .execute();
  }
  return { changes, clock };
}

export const MEMBER_UPDATE_HANDLER: MutationHandler = {
  versions: [1],
  // The member row and its field clocks (an erasure or a registration runs alone).
  touches: (a) => (typeof a.memberId === 'string' ? [`member:${a.memberId}`] : null),
  async run(ctx, rawArgs, m) {
    const a = parse(updateArgs, rawArgs);
    if (a.consent && a.consent.member_id !== a.memberId) {
      ctx.alert(`member.update of ${a.memberId} carries consent of ${a.consent.member_id}`);
      throw new MutationRejected('VALIDATION', 'consent.member_id is not the updated member');
    }
    const member = await requireMember(ctx, a.memberId);
    // An erased member stays erased: a late edit carrying old personal data changes nothing.
    if (member.erased_at !== null) return;
    if (a.consent) await insertConsent(ctx, a.consent);
    const { changes, clock } = await mergeFields(ctx, member, a.set, a.version - 1, m);
    if (Object.keys(changes).length === 0) return;
    const update = ctx.trx
      .updateTable('member')
      .set((eb) => ({ ...(changes as Updateable<MemberTable>), field_clock: JSON.stringify(clock), updated_at: a.updatedAt, version: eb('version', '+', 1) }))
      .where('id', '=', member.id)
      .returningAll();
    await ctx.finish(update, (rows) => emitMember(ctx, theRow(rows)));
  },
};
