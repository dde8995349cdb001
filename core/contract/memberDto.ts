import { z } from 'zod';
import { CARD_FORMATS } from '../cards/cardFormat';
import { PLAN_CODES } from '../membership/plans';
import { id, isoDate, isoInstant, membershipStatus, memberSummaryDto, tierCode, visitSummaryDto } from './dto';

/** Shapes of registration, the member page and the membership lifecycle (PRODUCT.md §2). */

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);

/** Mainland mobile numbers: 11 digits starting with 1. */
export const phoneInput = z.string().trim().regex(/^1[3-9][0-9]{9}$/, 'must be an 11-digit mobile number');
export const planCode = z.enum(PLAN_CODES);
export const gender = z.enum(['female', 'male', 'unspecified']);
export const consumptionCategory = z.enum(['membership', 'course', 'personal_training', 'product']);
/** Fen, positive, at most 1,000,000 yuan (core/consumption/amount MAX_AMOUNT_FEN). */
export const amountFen = z.number().int().min(1).max(100_000_000);
export const COURSE_TYPES = ['yoga', 'pilates', 'cycling', 'hiit', 'strength', 'dance', 'boxing', 'swimming'] as const;
export const courseType = z.enum(COURSE_TYPES);
/** JPEG or PNG from the desk camera, at most ~300 KB of base64. */
export const photoDataUrl = z
  .string()
  .max(400_000)
  .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/, 'must be a JPEG or PNG data URL');
export const cardInput = z
  .object({
    card: z.string().min(1).max(32).regex(/^[0-9A-Fa-f]+$/, 'card must be hex or decimal digits'),
    format: z.enum(CARD_FORMATS),
  })
  .strict();

export const profileInput = z
  .object({
    name: required(40),
    gender,
    birthday: isoDate.nullable(),
    phone: phoneInput,
    /** Checked against GB 11643 (format, region, birthday, checksum) by the service. */
    idCard: text(18).nullable(),
    emergencyContact: z.object({ name: required(40), phone: phoneInput }).strict().nullable(),
    healthNotes: text(500).nullable(),
    fitnessGoal: text(200).nullable(),
    preferredCourses: z.array(courseType).max(COURSE_TYPES.length),
  })
  .strict();

/** The consent text the member read; the desk shows this version's text. */
export const CONSENT_TEXT_VERSION = 'sensitive-2026-11';

/** The member's answer to the separate consent for the sensitive fields (PIPL Art. 29). */
export const consentInput = z.object({ sensitive: z.boolean(), textVersion: required(40) }).strict();

/**
 * A correction of the profile (更正, PIPL Art. 46): the registration fields, each optional.
 * Omitted = unchanged, null = cleared; at least one field. Sensitive values are checked by the
 * service (ID number, consent) as at registration.
 */
export const profileChanges = profileInput
  .partial()
  .strict()
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), { message: 'at least one field must change' });
export type ProfileChanges = z.infer<typeof profileChanges>;

export const registerInput = z
  .object({
    profile: profileInput,
    /** Separate consent for the sensitive fields (ID number, health notes); they are refused without it. */
    consent: consentInput,
    photoDataUrl: photoDataUrl.nullable(),
    plan: z.object({ code: planCode, startsOn: isoDate, amountFen }).strict(),
    card: cardInput.nullable(),
    /** Staff looked at the probable duplicates and register anyway. */
    acknowledgeDuplicates: z.boolean(),
  })
  .strict();

export const duplicateDto = memberSummaryDto.extend({ matchedOn: z.array(z.enum(['phone', 'idCard'])) });
export type DuplicateDto = z.infer<typeof duplicateDto>;

export const cardDto = z.object({
  id,
  cardUid: z.string(),
  status: z.enum(['active', 'lost', 'replaced', 'unbound']),
  boundAt: isoInstant,
  endedAt: isoInstant.nullable(),
});
export type CardDto = z.infer<typeof cardDto>;

export const membershipDto = z.object({
  id,
  planCode: z.string().nullable(),
  planName: z.string(),
  startsOn: isoDate,
  validUntil: isoDate,
  status: membershipStatus,
  effectiveStatus: z.enum(['active', 'frozen', 'expired', 'cancelled', 'not_started']),
  frozenFrom: isoDate.nullable(),
  frozenUntil: isoDate.nullable(),
  /** An undecided refund request's event id. */
  pendingRefundId: id.nullable(),
});
export type MembershipDto = z.infer<typeof membershipDto>;

export const membershipEventDto = z.object({
  id,
  membershipId: id,
  kind: z.enum(['created', 'frozen', 'unfrozen', 'renewed', 'refund_requested', 'refund_approved', 'refund_rejected', 'cancelled']),
  occurredAt: isoInstant,
  staffName: z.string().nullable(),
  fromDate: isoDate.nullable(),
  toDate: isoDate.nullable(),
  amountFen: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type MembershipEventDto = z.infer<typeof membershipEventDto>;

export const consumptionDto = z.object({
  id,
  occurredAt: isoInstant,
  category: consumptionCategory,
  amountFen: z.number().int(),
  receiptNo: z.string().nullable(),
  note: z.string().nullable(),
  source: z.enum(['desk', 'import', 'renewal']),
  staffName: z.string().nullable(),
});
export type ConsumptionDto = z.infer<typeof consumptionDto>;

export const deletionRequestDto = z.object({
  id,
  memberId: id,
  memberNo: z.string(),
  /** Masked (张**): the approval list must not show whole names to everyone passing the desk. */
  memberNameMasked: z.string(),
  reason: z.string(),
  requestedAt: isoInstant,
  requestedBy: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedAt: isoInstant.nullable(),
  decidedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type DeletionRequestDto = z.infer<typeof deletionRequestDto>;

export const revealField = z.enum(['idCard', 'phone', 'healthNotes', 'emergencyContact']);
export type RevealField = z.infer<typeof revealField>;

export const memberPageDto = z.object({
  profile: z.object({
    id,
    memberNo: z.string(),
    name: z.string(),
    gender,
    birthday: isoDate.nullable(),
    phoneMasked: z.string(),
    idCardMasked: z.string().nullable(),
    hasHealthNotes: z.boolean(),
    emergencyContactMasked: z.string().nullable(),
    fitnessGoal: z.string().nullable(),
    preferredCourses: z.array(courseType),
    photoDataUrl: z.string().nullable(),
    medicalAlert: z.boolean(),
    homeBranchName: z.string(),
    createdAt: isoInstant,
    sensitiveConsent: z.object({ granted: z.boolean(), textVersion: z.string(), recordedAt: isoInstant }).nullable(),
    /** Personal fields erased on request; the page shows the anonymised history only. */
    erasedAt: isoInstant.nullable(),
  }),
  tier: tierCode.nullable(),
  memberships: z.array(membershipDto),
  history: z.array(membershipEventDto),
  cards: z.array(cardDto),
  visits: z.array(visitSummaryDto),
  consumption: z.array(consumptionDto),
  deletion: deletionRequestDto.nullable(),
});
export type MemberPageDto = z.infer<typeof memberPageDto>;

export const importLineErrorDto = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

export const importResultDto = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    dryRun: z.boolean(),
    rows: z.number().int(),
    totalFen: z.number().int(),
    importId: id.nullable(),
  }),
  z.object({ ok: z.literal(false), errors: z.array(importLineErrorDto) }),
]);
export type ImportResultDto = z.infer<typeof importResultDto>;

export const planDto = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), months: z.number().int(), priceFen: z.number().int() });
