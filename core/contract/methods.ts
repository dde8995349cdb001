import { z } from 'zod';
import {
  cardFormat,
  checkinResultDto,
  classQuotaDto,
  classSessionDto,
  deskInfoDto,
  id,
  memberPanelDto,
  memberSummaryDto,
  readerStatusDto,
} from './dto';
import { memberMethods } from './memberMethods';
import { staffMethods } from './staffMethods';
import { syncMethods } from './syncMethods';
import { approverInput } from './staffDto';

/**
 * Every kiosk method, declared once: name → input schema + output schema. Inputs are strict
 * objects (unknown fields are refused, not stripped) with bounded strings.
 */
const noInput = z.object({}).strict();
const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

export const methods = {
  'desk.info': { input: noInput, output: deskInfoDto },

  'checkin.card': {
    input: z
      .object({
        /** As the reader printed it: digits or hex, nothing else. */
        card: z.string().min(1).max(32).regex(/^[0-9A-Fa-f]+$/, 'card must be hex or decimal digits'),
        format: cardFormat,
        readerId: z.string().min(1).max(64).regex(/^[\w:.-]+$/).optional(),
      })
      .strict(),
    output: checkinResultDto,
  },
  'checkin.member': {
    input: z.object({ memberId: id }).strict(),
    output: checkinResultDto,
  },
  'checkin.override': {
    /** approver: a manager's PIN when the signed-in role may not override on its own. */
    input: z.object({ visitId: id, reason: trimmed(2, 200), approver: approverInput.optional() }).strict(),
    output: checkinResultDto,
  },

  'members.search': {
    input: z.object({ query: trimmed(1, 40), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.array(memberSummaryDto),
  },
  'members.panel': { input: z.object({ memberId: id }).strict(), output: memberPanelDto },

  'classes.today': { input: noInput, output: z.array(classSessionDto) },
  'classes.checkIn': {
    input: z.object({ memberId: id, sessionId: id }).strict(),
    output: z.object({ attendanceId: id, usedFreeQuota: z.boolean(), quota: classQuotaDto, session: classSessionDto }),
  },

  'readers.list': { input: noInput, output: z.array(readerStatusDto) },
  'readers.configure': {
    input: z.object({ readerId: z.string().min(1).max(64).regex(/^[\w:.-]+$/), format: cardFormat }).strict(),
    output: readerStatusDto,
  },

  ...staffMethods,
  ...syncMethods,
  ...memberMethods,
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

/** What services must implement; `satisfies KioskApi` makes a missing method a compile error. */
export type KioskApi = {
  [M in MethodName]: (input: z.output<(typeof methods)[M]['input']>) => Promise<MethodOutput<M>>;
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
