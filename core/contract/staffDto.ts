import { z } from 'zod';
import { PERMISSIONS } from '../staff/permissions';
import { id, isoInstant, staffDto } from './dto';

export const permission = z.enum(PERMISSIONS);

/** A desk PIN as typed: refused by the service unless exactly 6 ASCII digits. */
export const pinInput = z.string().max(16);

/** Who holds the desk: nobody, someone whose session is locked (PIN to resume), or a live session. */
export const deskStateDto = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut') }),
  z.object({ status: z.literal('locked'), staff: staffDto, lockedAt: isoInstant }),
  z.object({
    status: z.literal('active'),
    staff: staffDto,
    sessionId: id,
    signedInAt: isoInstant,
    /** What this role may do, so the desk can hide what the services would refuse anyway. */
    permissions: z.array(permission),
    /** Idle time after which the desk locks itself. */
    lockAfterMs: z.number().int(),
  }),
]);
export type DeskStateDto = z.infer<typeof deskStateDto>;

export const signInResultDto = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), state: deskStateDto }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['unknown_staff', 'wrong_pin', 'locked', 'no_pin']),
    retryAt: isoInstant.optional(),
    attemptsLeftBeforeLock: z.number().int().optional(),
  }),
]);
export type SignInResultDto = z.infer<typeof signInResultDto>;

/** A second staff member's PIN, for an action the signed-in role may not do alone (override). */
export const approverInput = z.object({ staffId: id, pin: pinInput }).strict();

export const auditEntryDto = z.object({
  seq: z.number().int(),
  at: isoInstant,
  actorType: z.enum(['staff', 'member', 'system', 'device']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;

export const auditVerifyDto = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first row that does not verify, when not ok. */
  brokenAtSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
