import type { KioskDatabase } from '../../db/connection';

/** The enrollment a PC got from head office; the secret is held elsewhere (SyncSecretProvider). */
export interface Enrollment {
  serverUrl: string;
  deviceId: string;
  branchId: string;
}

export interface SyncStateRow {
  enrollment: Enrollment | null;
  lastAckedSeq: number;
  clockOffsetMs: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
}

interface Raw {
  server_url: string | null;
  device_id: string | null;
  branch_id: string | null;
  last_acked_seq: number;
  clock_offset_ms: number;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
}

/** The single sync_state row (migration 0005), read and written with prepared statements. */
export class SyncStateStore {
  private readonly select;
  private readonly update;

  constructor(private readonly kdb: KioskDatabase) {
    this.select = kdb.sqlite.prepare<[], Raw>(
      'SELECT server_url, device_id, branch_id, last_acked_seq, clock_offset_ms, last_success_at, last_error, consecutive_failures FROM sync_state WHERE id = 1',
    );
    this.update = kdb.sqlite.prepare(
      'UPDATE sync_state SET last_acked_seq = coalesce(@lastAckedSeq, last_acked_seq), clock_offset_ms = coalesce(@clockOffsetMs, clock_offset_ms), ' +
        'last_success_at = coalesce(@lastSuccessAt, last_success_at), last_error = @lastError, last_error_at = @lastErrorAt, ' +
        'consecutive_failures = @consecutiveFailures WHERE id = 1',
    );
  }

  read(): SyncStateRow {
    const r = this.select.get();
    if (!r) throw new Error('sync_state row missing (migration 0005 not applied?)');
    return {
      enrollment: r.server_url && r.device_id && r.branch_id ? { serverUrl: r.server_url, deviceId: r.device_id, branchId: r.branch_id } : null,
      lastAckedSeq: r.last_acked_seq,
      clockOffsetMs: r.clock_offset_ms,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      consecutiveFailures: r.consecutive_failures,
    };
  }

  saveEnrollment(e: Enrollment, at: Date): void {
    this.kdb.sqlite
      .prepare('UPDATE sync_state SET server_url = ?, device_id = ?, branch_id = ?, enrolled_at = ? WHERE id = 1')
      .run(e.serverUrl, e.deviceId, e.branchId, at.toISOString());
  }

  /** A successful exchange: cursor, offset and success time; clears the error. Call inside the ack transaction. */
  recordSuccess(s: { lastAckedSeq?: number; clockOffsetMs?: number; at: Date }): void {
    this.update.run({
      lastAckedSeq: s.lastAckedSeq ?? null,
      clockOffsetMs: s.clockOffsetMs === undefined ? null : Math.round(s.clockOffsetMs),
      lastSuccessAt: s.at.toISOString(),
      lastError: null,
      lastErrorAt: null,
      consecutiveFailures: 0,
    });
  }

  /** Moves the cursor only (an OUT_OF_ORDER answer), keeping the error fields as they are. */
  setCursor(lastAckedSeq: number): void {
    this.kdb.sqlite.prepare('UPDATE sync_state SET last_acked_seq = ? WHERE id = 1').run(lastAckedSeq);
  }

  recordFailure(message: string, at: Date, countsAsFailure = true): number {
    const current = this.read().consecutiveFailures;
    const failures = countsAsFailure ? current + 1 : current;
    this.update.run({ lastAckedSeq: null, clockOffsetMs: null, lastSuccessAt: null, lastError: message, lastErrorAt: at.toISOString(), consecutiveFailures: failures });
    return failures;
  }
}

/** The clock offset to head-office time, shared by the outbox writer (HLC stamps) and the sync engine. */
export class ClockOffset {
  constructor(private value = 0) {}
  get(): number {
    return this.value;
  }
  set(ms: number): void {
    if (Number.isFinite(ms)) this.value = Math.round(ms);
  }
}

/** The pull cursors (migration 0006): the last change-log seq applied, per scope. */
export class CursorStore {
  private readonly select;
  private readonly upsert;

  constructor(private readonly kdb: KioskDatabase) {
    this.select = kdb.sqlite.prepare<[string], number>('SELECT cursor FROM sync_cursor WHERE scope = ?').pluck();
    this.upsert = kdb.sqlite.prepare('INSERT INTO sync_cursor (scope, cursor) VALUES (?, ?) ON CONFLICT(scope) DO UPDATE SET cursor = excluded.cursor');
  }

  get(scope: string): number {
    return this.select.get(scope) ?? 0;
  }

  /** Inside the transaction that applied the page the cursor ends. */
  set(scope: string, cursor: number): void {
    this.upsert.run(scope, cursor);
  }

  /** Every scope at once (the end of a bootstrap: the watermark); scopes not listed are forgotten. */
  replaceAll(cursors: Record<string, number>): void {
    this.kdb.sqlite.prepare('DELETE FROM sync_cursor').run();
    for (const [scope, cursor] of Object.entries(cursors)) this.upsert.run(scope, cursor);
  }
}
