import { type Insertable, type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { HqDB } from '../../db/schema';
import { GLOBAL_SCOPE } from '../scopes';
import { emitRow, type HandlerContext, id, instant, isoDate, type MutationHandler, MutationRejected, parse, requireOwnBranch, staffId, text, zeroOne } from './context';
import { consentArgs, consentRow, consumptionArgs, insertConsumptionQuery, refuseConsumptionNotInserted, SALE_STORED } from './factRows';
import { emitMember, ERASED_NAME } from './memberRows';

/**
 * The member row as services/members/registrationService.ts sends it (no blind index). Personal
 * values may be null: an erasure decided before the push nulls them in the queued mutation.
 */
const memberArgs = z
  .object({
    id,
    member_no: z.string().min(1).max(32),
    name: text(100).min(1).nullable(),
    gender: z.enum(['female', 'male', 'unspecified']),
    birthday: isoDate.nullable(),
    phone: text(32).nullable(),
    phone_tail: text(8).nullable(),
    home_branch_id: id,
    photo: text(400_000).nullable(),
    medical_alert: zeroOne,
    fitness_goal: text(200).nullable(),
    created_at: instant,
    updated_at: instant,
    id_card_sealed: text(4_096).nullable(),
    health_notes_sealed: text(16_384).nullable(),
    emergency_contact_sealed: text(4_096).nullable(),
    preferred_courses: text(4_000).nullable(),
    erased_at: instant.nullable(),
    registered_by: staffId,
  })
  .strict();

const membershipArgs = z
  .object({
    id,
    member_id: id,
    plan_name: text(100).min(1),
    starts_on: isoDate,
    valid_until: isoDate,
    status: z.literal('active'),
    created_at: instant,
    updated_at: instant,
    plan_code: text(32).nullable(),
    frozen_from: z.null(),
    frozen_until: z.null(),
  })
  .strict();

const createdEventArgs = z
  .object({
    id,
    membership_id: id,
    member_id: id,
    kind: z.literal('created'),
    occurred_at: instant,
    staff_id: staffId,
    from_date: isoDate.nullable(),
    to_date: isoDate.nullable(),
    amount_fen: z.number().int().min(0).max(100_000_000).nullable(),
    reason: text(500).nullable(),
    ref_id: id.nullable(),
  })
  .strict();

const registerArgs = z
  .object({ member: memberArgs, consent: consentArgs, membership: membershipArgs, event: createdEventArgs, consumption: consumptionArgs })
  .strict();

function parseCourses(json: string | null): string {
  if (json === null) return '[]';
  const parsed = z.array(z.string().max(64)).max(50).safeParse((() => { try { return JSON.parse(json); } catch { return undefined; } })());
  if (!parsed.success) throw new MutationRejected('VALIDATION', 'member.preferred_courses: not a JSON array of course codes');
  return JSON.stringify(parsed.data);
}

/**
 * Head office's own member-number space: `M0000` + at least 6 digits. Device prefixes start at
 * `M0001` (headoffice/auth/enrollment.ts), so only head office numbers here.
 */
export const RESERVED_MEMBER_NO_PREFIX = 'M0000';
/** Kept identical to the predicate of the partial index member_reserved_no (migration 3). */
const RESERVED_MEMBER_NO_PATTERN = '^M0000[0-9]{6,}$';

/** The reserved number after `last` (or the first): longer is larger, at least 6 digits. */
export function nextReservedMemberNo(last: string | null): string {
  const digits = last?.slice(RESERVED_MEMBER_NO_PREFIX.length) ?? '0';
  const next = (BigInt(digits) + 1n).toString();
  return `${RESERVED_MEMBER_NO_PREFIX}${next.padStart(Math.max(6, digits.length), '0')}`;
}

/**
 * The highest reserved number: one backward step of the partial index member_reserved_no
 * (length first — longer is larger — then the digits), never a scan of the roster.
 */
export function highestReservedMemberNo(db: Kysely<HqDB>) {
  return db
    .selectFrom('member')
    .select('member_no')
    .where('member_no', '~', RESERVED_MEMBER_NO_PATTERN)
    .orderBy((eb) => eb.fn('length', ['member_no']), 'desc')
    .orderBy('member_no', (ob) => ob.desc().collate('C'))
    .limit(1);
}

/**
 * A chain-wide member number when the branch's own is taken — a number the desk made before it
 * was enrolled (enrolled desks number under their own prefix). The member row goes down to
 * every branch, the home one included, whose copy takes the new number (same id).
 */
async function nextFreeMemberNo(ctx: HandlerContext): Promise<string> {
  const top = await highestReservedMemberNo(ctx.trx).executeTakeFirst();
  return nextReservedMemberNo(top?.member_no ?? null);
}

/** The member row, or undefined when its id or its number is already stored. */
function insertMember(ctx: HandlerContext, values: Insertable<HqDB['member']>) {
  return ctx.trx.insertInto('member').values(values).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export const MEMBER_REGISTER_HANDLER: MutationHandler = {
  versions: [1],
  async run(ctx, rawArgs) {
    const a = parse(registerArgs, rawArgs);
    const m = a.member;
    requireOwnBranch(ctx, m.home_branch_id, `member ${m.id}`);
    requireOwnBranch(ctx, a.consumption.branch_id, `consumption ${a.consumption.id}`);
    for (const [what, memberId] of [['consent', a.consent.member_id], ['membership', a.membership.member_id], ['event', a.event.member_id], ['consumption', a.consumption.member_id]] as const) {
      if (memberId !== m.id) throw new MutationRejected('VALIDATION', `${what}.member_id is not the registered member`);
    }
    if (a.event.membership_id !== a.membership.id) throw new MutationRejected('VALIDATION', 'event.membership_id is not the new membership');

    const scrubbed = m.name === null; // erased at the branch before this push: keep no personal value
    const values = {
      id: m.id, name: m.name ?? ERASED_NAME, gender: m.gender, birthday: m.birthday, phone: m.phone ?? '', phone_tail: m.phone_tail ?? '',
      home_branch_id: ctx.device.branchId, photo: m.photo, medical_alert: m.medical_alert === 1, fitness_goal: m.fitness_goal,
      preferred_courses: parseCourses(m.preferred_courses), created_at: m.created_at, updated_at: m.updated_at, erased_at: m.erased_at,
      registered_by: m.registered_by, id_card_sealed: m.id_card_sealed, health_notes_sealed: m.health_notes_sealed,
      emergency_contact_sealed: m.emergency_contact_sealed, version: 1,
    };
    // The insert first: nothing comes back for a replay (the id is stored) or a number taken meanwhile.
    let member = await insertMember(ctx, { ...values, member_no: m.member_no });
    if (!member) {
      const existing = await ctx.trx.selectFrom('member').select(['home_branch_id']).where('id', '=', m.id).executeTakeFirst();
      if (existing) {
        // A replay under another client id: the member and everything with it already exist.
        if (existing.home_branch_id !== ctx.device.branchId) throw new MutationRejected('FORBIDDEN', 'member id belongs to another branch');
        return;
      }
      for (let attempt = 1; !member && attempt < 5; attempt++) member = await insertMember(ctx, { ...values, member_no: await nextFreeMemberNo(ctx) });
    }
    if (!member) throw new MutationRejected('CONFLICT', 'no free member number');

    // The rest in one statement (data-modifying WITHs; the event's foreign key to the new
    // membership is checked at the statement's end): a probable duplicate flagged for a merge by
    // a person (never refused at head office), the consent, the event, the sale, the membership.
    const flagDuplicates = !scrubbed && member.phone !== '';
    const newMember = member;
    const rest = ctx.trx
      .with('duplicates', (db) =>
        db
          .insertInto('member_duplicate')
          .columns(['member_id', 'duplicate_of', 'matched_on'])
          .expression((eb) =>
            eb
              .selectFrom('member')
              .select((s) => [s.val(newMember.id).as('member_id'), 'member.id as duplicate_of', s.val('phone').as('matched_on')])
              .where(sql<boolean>`${flagDuplicates}`)
              .where('member.phone', '=', newMember.phone)
              .where('member.id', '!=', newMember.id)
              .where('member.erased_at', 'is', null),
          )
          .onConflict((oc) => oc.doNothing()),
      )
      .with('consent', (db) => db.insertInto('member_consent').values(consentRow(ctx, a.consent)).onConflict((oc) => oc.column('id').doNothing()).returning('id'))
      .with('event', (db) =>
        db
          .insertInto('membership_event')
          .values({ ...a.event, branch_id: ctx.device.branchId, received_from_device_id: ctx.device.deviceId })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id'),
      )
      .with('sale', (db) => insertConsumptionQuery(db, ctx, a.consumption))
      .insertInto('membership')
      .values({ ...a.membership, branch_id: ctx.device.branchId, version: 1 })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .returning(SALE_STORED);
    await ctx.finish(rest, async ([membership]) => {
      if (!membership) throw new MutationRejected('CONFLICT', `membership ${a.membership.id} already exists`);
      const { sale_stored: saleStored, ...membershipRow } = membership;
      if (!saleStored) await refuseConsumptionNotInserted(ctx, a.consumption);
      emitMember(ctx, newMember);
      emitRow(ctx, GLOBAL_SCOPE, 'membership', membershipRow);
    });
  },
};
