import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PULL_ISSUES_SHOWN, type PullIssueDto } from '../../core/contract/syncMethods';
import { isReplicatedTable } from '../../core/sync/replicated';
import type { AuditDetails } from '../audit/auditChain';
import { AuditDetailsError, AuditLog } from '../audit/auditLog';
import { MAX_AUDIT_STRING } from '../audit/detailsGuard';
import type { Clock } from '../ports';
import { type ApplyIssue, movedAsideMemberNo } from './changeApplier';
import { maskDigits } from './syncIssues';

/** Audit actions of the pull side; the sync issues screen lists them beside the refused pushes. */
export const PULL_ROW_FAILED = 'sync.pull.row_failed';
export const PULL_BRANCH_CODE_YIELDED = 'sync.pull.branch_code_yielded';
export const PULL_MEMBER_NO_MOVED_ASIDE = 'sync.pull.member_no_moved_aside';
export const PULL_ISSUE_ACTIONS = [PULL_ROW_FAILED, PULL_BRANCH_CODE_YIELDED, PULL_MEMBER_NO_MOVED_ASIDE] as const;
/**
 * audit_log has no index on action (only entity, entity_id): list() reads only the newest this
 * many rows by seq (the primary key), so the screen's cost stays flat however long the log grows.
 * Older pull issues stay in the audit log and its screen.
 */
export const PULL_ISSUE_SCAN_ROWS = 20_000;

export interface PullIssue {
  auditSeq: number;
  at: string;
  action: (typeof PULL_ISSUE_ACTIONS)[number];
  /** The table and primary key of the row (for a yielded code: the local branch that yielded it). */
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

function fit(text: string): string {
  return text.length > MAX_AUDIT_STRING ? `${text.slice(0, MAX_AUDIT_STRING - 1)}…` : text;
}

/** Digit runs masked as well: the fallback when the audit guard refuses a value head office sent. */
function masked(details: AuditDetails): AuditDetails {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'string' ? fit(maskDigits(v)) : v]));
}

/**
 * Pull issues go to the audit log (actor `system`): it is already the desk's record of who
 * changed which row, it is written in the page's own transaction (so an issue commits exactly
 * when the cursor passes the row), and the managers' audit screen can filter it by action
 * without a new table. Details are references only (scope, seq, version, SQLite's reason).
 */
export class PullIssueLog {
  private readonly audit: AuditLog;
  private readonly listStmt;
  private readonly memberNo;

  constructor(sqlite: Database.Database, clock: Clock) {
    this.audit = new AuditLog(sqlite, clock, randomUUID);
    this.listStmt = sqlite.prepare<[number], { seq: number; at: string; action: PullIssue['action']; entity: string; entity_id: string | null; details: string }>(
      `SELECT seq, at, action, entity, entity_id, details FROM audit_log
       WHERE seq > (SELECT coalesce(max(seq), 0) FROM audit_log) - ${PULL_ISSUE_SCAN_ROWS}
         AND action IN (${PULL_ISSUE_ACTIONS.map((a) => `'${a}'`).join(', ')})
       ORDER BY seq DESC LIMIT ?`,
    );

    this.memberNo = sqlite.prepare<[string], string>('SELECT member_no FROM member WHERE id = ?').pluck();
  }

  /** Inside the page's transaction. */
  record(issue: ApplyIssue): void {
    if (issue.kind === 'memberNoMovedAside') {
      // Ids only: neither number is written here (the screen reads the member's current one).
      this.append(PULL_MEMBER_NO_MOVED_ASIDE, 'member', issue.memberId, { winnerId: fit(issue.winnerId) });
      return;
    }
    if (issue.kind === 'branchCodeYielded') {
      this.append(PULL_BRANCH_CODE_YIELDED, 'branch', issue.branchId, { from: fit(issue.from), to: fit(issue.to), winnerId: fit(issue.winnerId) });
      return;
    }
    const c = issue.change;
    // SQLite's reason names columns, not values; its digit runs are masked all the same.
    this.append(PULL_ROW_FAILED, c.table, c.pk, { scope: fit(c.scope), seq: c.seq, op: c.op, version: c.version, reason: fit(maskDigits(issue.reason)) });
  }

  private append(action: string, entity: string, entityId: string, details: AuditDetails): void {
    const entry = { actorType: 'system' as const, actorId: null, action, entity: fit(entity) };
    try {
      this.audit.append({ ...entry, entityId: fit(entityId), details });
    } catch (error) {
      if (!(error instanceof AuditDetailsError)) throw error;
      // A key or code the guard takes for personal data: recorded masked rather than wedge the pull.
      this.audit.append({ ...entry, entity: fit(maskDigits(entity)), entityId: null, details: masked(details) });
    }
  }

  /** The newest pull issues first (the sync issues screen). */
  list(limit = 50): PullIssue[] {
    return this.listStmt.all(limit).map((r) => ({
      auditSeq: r.seq, at: r.at, action: r.action, entity: r.entity, entityId: r.entity_id, details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  /** The newest pull issues in the sync issues screen's terms: references and fixed words, no values. */
  shown(limit = PULL_ISSUES_SHOWN): PullIssueDto[] {
    return this.list(limit).map((i) => {
      const kind = i.action === PULL_ROW_FAILED ? 'rowFailed' : i.action === PULL_BRANCH_CODE_YIELDED ? 'branchCodeYielded' : 'memberNoMovedAside';
      const from = i.details.from;
      const to = i.details.to;
      const current = kind === 'memberNoMovedAside' && i.entityId ? this.memberNo.get(i.entityId) : undefined;
      return {
        auditSeq: i.auditSeq,
        at: i.at,
        kind,
        table: isReplicatedTable(i.entity) ? i.entity : null,
        reason: kind === 'rowFailed' ? pullFailureReason(typeof i.details.reason === 'string' ? i.details.reason : '') : null,
        codes: kind === 'branchCodeYielded' && typeof from === 'string' && typeof to === 'string' ? { from, to } : null,
        // A member no longer on this PC (erased rows stay, so only a wiped roster) counts as unresolved.
        resolved: kind === 'memberNoMovedAside' ? typeof current === 'string' && current !== movedAsideMemberNo(i.entityId!) : null,
      };
    });
  }
}

/** SQLite's reason (as changeApplier reported it) as the fixed word the screen shows. */
export function pullFailureReason(reason: string): NonNullable<PullIssueDto['reason']> {
  // Recorded before this PC moved a taken number aside (older versions of the app).
  if (/UNIQUE constraint failed: member\.member_no/.test(reason)) return 'memberNoTaken';
  if (/^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(reason)) return 'duplicate';
  if (/^SQLITE_CONSTRAINT_NOTNULL/.test(reason)) return 'missingValue';
  if (/^SQLITE_CONSTRAINT/.test(reason)) return 'invalidValue';
  // better-sqlite3 refuses a value it cannot bind before SQLite runs: its message, no code.
  if (/^SQLITE_(MISMATCH|TOOBIG|RANGE)|^[^:]*\b(bind|too many|too few)\b/i.test(reason)) return 'unreadableValue';
  return 'other';
}
