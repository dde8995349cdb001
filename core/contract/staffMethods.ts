import { z } from 'zod';
import { id } from './dto';
import { auditEntryDto, auditVerifyDto, deskStateDto, pinInput, signInResultDto } from './staffDto';

const noInput = z.object({}).strict();

/** Staff sign-in at the desk, the desk lock, PINs and the audit log (SECURITY.md "Staff and access"). */
export const staffMethods = {
  'staff.state': { input: noInput, output: deskStateDto },
  'staff.signIn': { input: z.object({ staffId: id, pin: pinInput }).strict(), output: signInResultDto },
  'staff.signOut': { input: noInput, output: deskStateDto },
  /** Staff stepping away: the session stays, a PIN resumes it. */
  'staff.lock': { input: noInput, output: deskStateDto },
  /** Staff activity at the desk (keys, clicks) keeps the session from the inactivity lock. */
  'staff.touch': { input: noInput, output: deskStateDto },
  /** One's own PIN (the current PIN required), or anyone's with staff.manage. */
  'staff.setPin': { input: z.object({ staffId: id, pin: pinInput, currentPin: pinInput.optional() }).strict(), output: z.object({ staffId: id }) },

  'audit.recent': {
    input: z
      .object({
        entityId: z.string().max(64).optional(),
        action: z.string().max(64).regex(/^[a-zA-Z.]+$/).optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    output: z.array(auditEntryDto),
  },
  'audit.verify': { input: noInput, output: auditVerifyDto },
} as const;
