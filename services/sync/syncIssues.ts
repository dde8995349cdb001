import type { SyncIssueDto } from '../../core/contract/syncMethods';
import type { KioskDatabase } from '../../db/connection';

interface Row {
  seq: number;
  mutation_id: string;
  name: string;
  device_time: string;
  result: string | null;
  last_error: string | null;
}

/**
 * Long digit runs (phone numbers, ID numbers, card numbers) masked: a head-office message may
 * quote a value, and the issues screen shows no personal data beyond names and member numbers.
 */
export function maskDigits(text: string): string {
  return text.replace(/\d{17}[\dXx]|\d{7,}/g, '***');
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/**
 * The outbox rows refused for good ('rejected'), newest first, in the words the sync issues screen
 * needs: what (the mutation name), when (device time), why (the stored result's code and message,
 * or the local last_error), and for a conflict the winner's member (number and name only).
 */
export class SyncIssuesReader {
  private readonly count;
  private readonly page;
  private readonly memberById;
  private readonly memberByNo;

  constructor(kdb: KioskDatabase) {
    const s = kdb.sqlite;
    this.count = s.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'rejected'").pluck();
    this.page = s.prepare<[number, number], Row>(
      "SELECT seq, mutation_id, name, device_time, result, last_error FROM sync_outbox WHERE status = 'rejected' ORDER BY seq DESC LIMIT ? OFFSET ?",
    );
    this.memberById = s.prepare<[string], { member_no: string; name: string }>('SELECT member_no, name FROM member WHERE id = ?');
    this.memberByNo = s.prepare<[string], { member_no: string; name: string }>('SELECT member_no, name FROM member WHERE member_no = ?');
  }

  list(page: number, pageSize: number): { total: number; items: SyncIssueDto[] } {
    const total = this.count.get() as number;
    const rows = this.page.all(pageSize, (page - 1) * pageSize);
    return { total, items: rows.map((r) => this.toIssue(r)) };
  }

  private toIssue(r: Row): SyncIssueDto {
    const result = parseJson(r.result) as { error?: { code?: unknown; message?: unknown; winner?: unknown } } | null;
    let code = str(result?.error?.code);
    let message = str(result?.error?.message);
    if (!code && r.last_error) {
      // last_error is "CODE: message" (pushClient)
      const m = /^([A-Z_]+): (.*)$/s.exec(r.last_error);
      code = m ? m[1]! : null;
      message = m ? m[2]! : r.last_error;
    }
    return {
      seq: r.seq,
      mutationId: r.mutation_id,
      name: r.name,
      deviceTime: r.device_time,
      code,
      message: message ? maskDigits(message) : null,
      winner: this.winner(result?.error?.winner),
    };
  }

  /** The winning binding's member as this desk knows it; nothing when it is not on this PC. */
  private winner(w: unknown): SyncIssueDto['winner'] {
    if (typeof w !== 'object' || w === null) return null;
    const rec = w as Record<string, unknown>;
    const id = str(rec.memberId) ?? str(rec.member_id);
    const no = str(rec.memberNo) ?? str(rec.member_no);
    const m = (id ? this.memberById.get(id) : undefined) ?? (no ? this.memberByNo.get(no) : undefined);
    return m ? { memberNo: m.member_no, name: m.name } : null;
  }
}
