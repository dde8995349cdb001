import { z } from 'zod';

const noInput = z.object({}).strict();

/** What the desk shows about head-office sync (the header chip and the sync screen). */
export const syncStatusDto = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  branchCode: z.string().nullable(),
  state: z.enum(['online', 'offline', 'error', 'notEnrolled']),
  pendingCount: z.number().int().min(0),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  /** Head-office time minus this PC's time, ms (0 before the first exchange): the desk flags a PC clock far off. */
  clockOffsetMs: z.number().int(),
  /** While a new PC downloads the roster (首次同步): pages done of all; null otherwise. */
  bootstrap: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).nullable(),
});
export type SyncStatusDto = z.infer<typeof syncStatusDto>;

/** The winning side of a conflict, as staff already see it elsewhere: member number and name, never contact or ID data. */
export const syncIssueWinnerDto = z.object({ memberNo: z.string(), name: z.string() });

/** One outbox row head office (or this PC, when too large to send) refused for good. */
export const syncIssueDto = z.object({
  seq: z.number().int(),
  mutationId: z.string(),
  /** The mutation's name (visit.record, card.bind…): the desk turns it into words. */
  name: z.string(),
  /** When it was done at the desk (ISO). */
  deviceTime: z.string(),
  /** VALIDATION, FORBIDDEN, CONFLICT, UNKNOWN_MUTATION, LOCAL_TOO_LARGE…; null when none was stored. */
  code: z.string().nullable(),
  /** Head office's explanation, long digit runs masked. */
  message: z.string().nullable(),
  winner: syncIssueWinnerDto.nullable(),
});
export type SyncIssueDto = z.infer<typeof syncIssueDto>;

export const SYNC_ISSUES_MAX_PAGE_SIZE = 50;

/**
 * One row head office sent that this PC could not take as sent (the pull side), in references
 * only: what kind, which table, why in a fixed word — never the row's values.
 */
export const pullIssueDto = z.object({
  /** The audit_log seq it was recorded under. */
  auditSeq: z.number().int(),
  /** When this PC recorded it (ISO). */
  at: z.string(),
  /**
   * rowFailed: a row this database refused, skipped; branchCodeYielded: a local branch gave its
   * code to head office's branch; memberNoMovedAside: head office gave a member number this PC
   * held to another member, and this PC's member waits for its new number.
   */
  kind: z.enum(['rowFailed', 'branchCodeYielded', 'memberNoMovedAside']),
  /** The replicated table of the row (member, membership, card_binding, visit, branch); null when not one of those. */
  table: z.string().nullable(),
  /** rowFailed: why, as a fixed word the desk turns into words; null otherwise. */
  reason: z.enum(['memberNoTaken', 'duplicate', 'missingValue', 'invalidValue', 'unreadableValue', 'other']).nullable(),
  /** branchCodeYielded: the branch codes (not personal data); null otherwise. */
  codes: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** memberNoMovedAside: whether the member has since received its number from head office; null otherwise. */
  resolved: z.boolean().nullable(),
});
export type PullIssueDto = z.infer<typeof pullIssueDto>;

/** How many of the newest pull issues the sync issues screen lists. */
export const PULL_ISSUES_SHOWN = 50;

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

const enrollInput = z
  .object({
    serverUrl,
    code: z.string().trim().min(6).max(64).regex(/^[A-Za-z0-9-]+$/),
    deviceName: z.string().trim().min(1).max(64),
  })
  .strict();

/** Head-office sync from the desk: status, enrollment with a one-time code, a push now, the rejected records. */
export const syncMethods = {
  'sync.status': { input: noInput, output: syncStatusDto },
  /** Head office's role only (staff.manage): binds this PC to a branch at head office. */
  'sync.enroll': { input: enrollInput, output: syncStatusDto },
  /**
   * Head office's role only (staff.manage): binds an enrolled PC anew with a new code (a new
   * device at head office). Records not yet sent are kept and sent as the new device.
   */
  'sync.reenroll': { input: enrollInput, output: syncStatusDto },
  /** Any signed-in staff member: push now, cutting a back-off wait short; answers the status after it. */
  'sync.now': { input: noInput, output: syncStatusDto },
  /**
   * Managers and head office (audit.read): records refused for good, newest first (paged), and
   * the newest rows from head office this PC could not take as sent (`pulled`, at most PULL_ISSUES_SHOWN).
   */
  'sync.issues': {
    input: z
      .object({
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(SYNC_ISSUES_MAX_PAGE_SIZE).default(20),
      })
      .strict(),
    output: z.object({ total: z.number().int().min(0), items: z.array(syncIssueDto), pulled: z.array(pullIssueDto) }),
  },
} as const;
