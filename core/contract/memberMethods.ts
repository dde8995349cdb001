import { z } from 'zod';
import { id, isoDate } from './dto';
import {
  amountFen,
  cardDto,
  cardInput,
  consentInput,
  consumptionCategory,
  consumptionDto,
  deletionRequestDto,
  duplicateDto,
  importResultDto,
  memberPageDto,
  membershipDto,
  phoneInput,
  planCode,
  planDto,
  profileChanges,
  registerInput,
  revealField,
} from './memberDto';

const noInput = z.object({}).strict();
const reason = z.string().trim().min(2).max(200);
const optionalNote = z.string().trim().max(200).optional();

/** Registration, cards, the membership lifecycle, consumption and deletion (PRODUCT.md §2). */
export const memberMethods = {
  'plans.list': { input: noInput, output: z.array(planDto) },

  /** Probable duplicates before saving: the same phone or the same ID-card number. */
  'members.findDuplicates': {
    input: z.object({ phone: phoneInput.optional(), idCard: z.string().trim().max(18).optional() }).strict(),
    output: z.array(duplicateDto),
  },
  'members.register': {
    input: registerInput,
    output: z.object({ memberId: id, memberNo: z.string(), membershipId: id, card: cardDto.nullable() }),
  },
  'members.page': { input: z.object({ memberId: id }).strict(), output: memberPageDto },
  /**
   * A manager's correction of the profile (members.edit). consent.sensitive false withdraws the
   * separate consent and deletes the ID number and health notes; a phone or ID number another
   * member has is a CONFLICT (issues path 'duplicates', message = that member's id) unless
   * acknowledged. Answers the page, masked.
   */
  'members.update': {
    input: z
      .object({ memberId: id, changes: profileChanges, consent: consentInput.optional(), acknowledgeDuplicates: z.boolean().optional() })
      .strict(),
    output: memberPageDto,
  },
  /** A masked field in full; needs members.revealSensitive and writes an audit row. */
  'members.reveal': {
    input: z.object({ memberId: id, field: revealField }).strict(),
    output: z.object({ field: revealField, value: z.string().nullable() }),
  },

  'cards.bind': { input: z.object({ memberId: id, card: cardInput }).strict(), output: cardDto },
  /** The member's active card becomes 'replaced' and the new one is bound, in one step. */
  'cards.replace': { input: z.object({ memberId: id, card: cardInput }).strict(), output: cardDto },
  'cards.reportLost': { input: z.object({ bindingId: id }).strict(), output: cardDto },
  'cards.unbind': { input: z.object({ bindingId: id }).strict(), output: cardDto },

  'membership.freeze': {
    input: z.object({ membershipId: id, from: isoDate, until: isoDate, reason }).strict(),
    output: membershipDto,
  },
  'membership.unfreeze': { input: z.object({ membershipId: id }).strict(), output: membershipDto },
  'membership.renew': {
    input: z.object({ membershipId: id, planCode, amountFen }).strict(),
    output: membershipDto,
  },
  'membership.requestRefund': {
    input: z.object({ membershipId: id, amountFen, reason }).strict(),
    output: membershipDto,
  },
  'membership.decideRefund': {
    input: z.object({ refundId: id, approve: z.boolean(), note: optionalNote }).strict(),
    output: membershipDto,
  },
  'membership.cancel': { input: z.object({ membershipId: id, reason }).strict(), output: membershipDto },

  'consumption.record': {
    input: z
      .object({
        memberId: id,
        category: consumptionCategory,
        amountFen,
        receiptNo: z.string().trim().min(1).max(64).regex(/^[\w-]+$/).optional(),
        note: optionalNote,
      })
      .strict(),
    output: consumptionDto,
  },
  /** A point-of-sale CSV: all rows or none; dryRun checks without importing. */
  'consumption.import': {
    input: z
      .object({
        fileName: z.string().trim().min(1).max(120),
        csv: z.string().max(10 * 1024 * 1024),
        dryRun: z.boolean(),
      })
      .strict(),
    output: importResultDto,
  },

  'members.requestDeletion': { input: z.object({ memberId: id, reason }).strict(), output: deletionRequestDto },
  'members.deletionRequests': { input: noInput, output: z.array(deletionRequestDto) },
  /** Approving erases the member's personal fields and keeps the history, anonymised. */
  'members.decideDeletion': {
    input: z.object({ requestId: id, approve: z.boolean(), note: optionalNote }).strict(),
    output: deletionRequestDto,
  },
} as const;
