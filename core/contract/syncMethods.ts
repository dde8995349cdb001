import { z } from 'zod';

const noInput = z.object({}).strict();

/** What the desk shows about head-office sync (the header chip). */
export const syncStatusDto = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  branchCode: z.string().nullable(),
  state: z.enum(['online', 'offline', 'error', 'notEnrolled']),
  pendingCount: z.number().int().min(0),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});
export type SyncStatusDto = z.infer<typeof syncStatusDto>;

const serverUrl = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'serverUrl must be an http or https URL');

/** Head-office sync from the desk (issue 4): status, enrollment with a one-time code, a push now. */
export const syncMethods = {
  'sync.status': { input: noInput, output: syncStatusDto },
  /** Head office's role only (staff.manage): binds this PC to a branch at head office. */
  'sync.enroll': {
    input: z
      .object({
        serverUrl,
        code: z.string().trim().min(6).max(64).regex(/^[A-Za-z0-9-]+$/),
        deviceName: z.string().trim().min(1).max(64),
      })
      .strict(),
    output: syncStatusDto,
  },
  'sync.now': { input: noInput, output: syncStatusDto },
} as const;
