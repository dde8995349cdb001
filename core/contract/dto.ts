import { z } from 'zod';
import { CARD_FORMATS } from '../cards/cardFormat';
import { EFFECTS, REASON_CODES, branchPolicySchema } from '../checkin/policy';
import { TIER_CODES } from '../tiers/catalog';

/** Plain-JSON shapes that cross IPC, the preview host's HTTP and later the network. */
export const id = z.uuid();
export const isoInstant = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const tierCode = z.enum(TIER_CODES);
export const cardFormat = z.enum(CARD_FORMATS);
export const membershipStatus = z.enum(['active', 'frozen', 'expired', 'cancelled']);
export const decisionColor = z.enum(['green', 'yellow', 'red', 'grey']);
export const visitSource = z.enum(['card', 'manual', 'kiosk']);
export const staffRole = z.enum(['reception', 'coach', 'manager', 'headoffice']);

export const staffDto = z.object({ id, name: z.string(), role: staffRole });
export type StaffDto = z.infer<typeof staffDto>;

export const branchDto = z.object({ id, code: z.string(), name: z.string(), timeZone: z.string() });

export const reasonDto = z.object({
  code: z.enum(REASON_CODES as [string, ...string[]]),
  effect: z.enum(EFFECTS),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ReasonDto = z.infer<typeof reasonDto>;

export const benefitsDto = z.object({
  freeClassesPerMonth: z.number().int().nullable(),
  courseDiscountPct: z.number().int().nullable(),
  personalTrainingDiscountPct: z.number().int().nullable(),
  productDiscountPct: z.number().int().nullable(),
  perks: z.array(z.string()),
});

export const classQuotaDto = z.object({
  monthly: z.number().int().nullable(),
  used: z.number().int(),
  remaining: z.number().int().nullable(),
});
export type ClassQuotaDto = z.infer<typeof classQuotaDto>;

export const visitSummaryDto = z.object({
  id,
  occurredAt: isoInstant,
  source: visitSource,
  admitted: z.boolean(),
  color: decisionColor,
  branchName: z.string(),
  overridden: z.boolean(),
});

export const memberSummaryDto = z.object({
  id,
  memberNo: z.string(),
  name: z.string(),
  /** Last four digits only: the desk never lists whole phone numbers. */
  phoneTail: z.string(),
  tier: tierCode.nullable(),
  membershipStatus: membershipStatus.nullable(),
});
export type MemberSummaryDto = z.infer<typeof memberSummaryDto>;

export const memberPanelDto = z.object({
  member: z.object({
    id,
    memberNo: z.string(),
    name: z.string(),
    gender: z.enum(['female', 'male', 'unspecified']),
    birthday: isoDate.nullable(),
    phoneMasked: z.string(),
    photoDataUrl: z.string().nullable(),
    medicalAlert: z.boolean(),
    homeBranchName: z.string(),
  }),
  tier: z.object({ code: tierCode, score: z.number(), quarter: z.string(), effectiveAt: isoInstant }).nullable(),
  benefits: benefitsDto.nullable(),
  classQuota: classQuotaDto,
  membership: z
    .object({
      planName: z.string(),
      startsOn: isoDate,
      validUntil: isoDate,
      status: membershipStatus,
      /** The status as of today: an active membership past its end date is expired. */
      effectiveStatus: z.enum(['active', 'frozen', 'expired', 'cancelled', 'not_started']),
    })
    .nullable(),
  recentVisits: z.array(visitSummaryDto),
});
export type MemberPanelDto = z.infer<typeof memberPanelDto>;

export const checkinResultDto = z.object({
  /** One per attempt, so the desk can key its queue of taps. */
  attemptId: id,
  /** The visit written (or the earlier one, for a duplicate scan); null for an unknown card. */
  visitId: id.nullable(),
  color: decisionColor,
  admitted: z.boolean(),
  duplicate: z.boolean(),
  /** Staff admitted a denied check-in with a recorded reason. */
  overridden: z.boolean(),
  reasons: z.array(reasonDto),
  source: visitSource,
  occurredAt: isoInstant,
  cardUid: z.string().nullable(),
  member: memberPanelDto.nullable(),
});
export type CheckinResultDto = z.infer<typeof checkinResultDto>;

export const classSessionDto = z.object({
  id,
  name: z.string(),
  coachName: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  capacity: z.number().int(),
  attendees: z.number().int(),
});
export type ClassSessionDto = z.infer<typeof classSessionDto>;

export const readerStatusDto = z.object({
  id: z.string(),
  kind: z.enum(['wedge', 'hid']),
  name: z.string(),
  connected: z.boolean(),
  format: cardFormat,
  lastReadAt: isoInstant.nullable(),
  error: z.string().nullable(),
});
export type ReaderStatusDto = z.infer<typeof readerStatusDto>;

export const deskInfoDto = z.object({
  branch: branchDto,
  device: z.object({ id, name: z.string() }),
  staff: z.array(staffDto),
  /** The staff member holding the desk (signed in, possibly locked). */
  onDuty: staffDto.nullable(),
  /** A demo database: the sign-in screen lists the demo staff PINs (empty on a real desk). */
  demo: z.boolean(),
  demoPins: z.array(z.object({ staffId: id, pin: z.string() })),
  policy: branchPolicySchema,
  now: isoInstant,
});
export type DeskInfoDto = z.infer<typeof deskInfoDto>;
