import { KioskError } from '../../core/contract/errors';
import type { PullIssueDto, SyncIssueDto, SyncStatusDto } from '../../core/contract/syncMethods';
import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import { requestEnrollment, type EnrollInput, type EnrollResponse } from './enrollRequest';
import { moveOutboxToClient } from './outboxClient';
import { SyncEngine, type SyncEngineOptions } from './syncEngine';
import { PullIssueLog } from './pullIssues';
import { SyncIssuesReader } from './syncIssues';
import { credentialSecret, type SyncCredential, type SyncSecretStore } from './syncSecretStore';
import type { ClockOffset } from './syncState';
import { SyncStateStore } from './syncState';

export { ENROLL_PATH, type EnrollInput } from './enrollRequest';

export interface SyncServiceOptions {
  kdb: KioskDatabase;
  clock: Clock;
  /** This desk's own branch id (the local `branch` row), mapped to head office's on the wire. */
  localBranchId: string;
  secrets: SyncSecretStore;
  /** Shared with the OutboxWriter so new HLC stamps use head-office time. */
  offset: ClockOffset;
  onStatus?: (status: SyncStatusDto) => void;
  /** After a re-enrollment moved the outbox to the new client: the OutboxWriter's `resume()`. */
  onOutboxMoved?: () => void;
  fetch?: typeof fetch;
  /** Extra engine options (tests: back-off, kick delay). */
  engine?: Partial<SyncEngineOptions>;
}

/** The bootstrap progress the engine reports while a new PC downloads the roster (when it does). */
function bootstrapOf(status: object): SyncStatusDto['bootstrap'] {
  if (!('bootstrap' in status)) return null;
  const b = (status as { bootstrap?: unknown }).bootstrap;
  if (typeof b !== 'object' || b === null) return null;
  const { done, total } = b as { done?: unknown; total?: unknown };
  if (typeof done !== 'number' || typeof total !== 'number' || !Number.isInteger(done) || !Number.isInteger(total) || done < 0 || total < 0) return null;
  return { done, total };
}

/**
 * Enrollment from the desk and the push engine's life in the app: started on open when the
 * database is enrolled (and right after enrolling), stopped on close, kicked after each local
 * write. Status changes go to `onStatus` (the `sync.status` event).
 */
export class SyncService {
  private readonly state: SyncStateStore;
  private readonly issuesReader: SyncIssuesReader;
  private readonly pullIssues: PullIssueLog;
  private readonly fetchFn: typeof fetch;
  private engine: SyncEngine | null = null;
  private credential: SyncCredential | null = null;
  /** Why the engine could not start (credential missing, lock held), shown as an error. */
  private startError: string | null = null;
  private enrolling = false;

  constructor(private readonly o: SyncServiceOptions) {
    this.state = new SyncStateStore(o.kdb);
    this.issuesReader = new SyncIssuesReader(o.kdb);
    this.pullIssues = new PullIssueLog(o.kdb.sqlite, o.clock);
    this.fetchFn = o.fetch ?? fetch;
  }

  /** Starts the engine when this database is enrolled; never throws (a failure shows as an error status). */
  start(): void {
    if (this.engine?.started) return;
    const enrollment = this.state.read().enrollment;
    if (!enrollment) return;
    try {
      const credential = this.o.secrets.load();
      if (!credential || credential.deviceId !== enrollment.deviceId) {
        throw new Error('the sync credential for this enrollment is missing on this PC; enroll again');
      }
      this.credential = credential;
      const engine = new SyncEngine({
        kdb: this.o.kdb,
        clock: this.o.clock,
        secret: credentialSecret(credential),
        offset: this.o.offset,
        localBranchId: this.o.localBranchId,
        ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
        ...this.o.engine,
        onStatus: () => this.emit(),
      });
      engine.start();
      this.engine = engine;
      this.startError = null;
    } catch (error) {
      this.engine = null;
      this.startError = error instanceof Error ? error.message : String(error);
    }
    this.emit();
  }

  async stop(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    await engine?.stop();
  }

  /** A local write was committed: push soon. */
  kick(): void {
    this.engine?.kick();
  }

  /** The engine (tests). */
  get running(): SyncEngine | null {
    return this.engine;
  }

  status(): SyncStatusDto {
    const s = this.state.read();
    if (!s.enrollment) {
      return {
        enrolled: false,
        serverUrl: null,
        branchCode: null,
        state: 'notEnrolled',
        pendingCount: this.pendingCount(),
        lastSuccessAt: null,
        lastError: null,
        nextRetryAt: null,
        clockOffsetMs: Math.round(this.o.offset.get()),
        bootstrap: null,
      };
    }
    const base = { enrolled: true, serverUrl: s.enrollment.serverUrl, branchCode: this.credential?.branchCode ?? null };
    if (!this.engine) {
      return {
        ...base,
        state: 'error',
        pendingCount: this.pendingCount(),
        lastSuccessAt: s.lastSuccessAt,
        lastError: this.startError ?? s.lastError,
        nextRetryAt: null,
        clockOffsetMs: Math.round(this.o.offset.get()),
        bootstrap: null,
      };
    }
    const e = this.engine.status();
    return {
      ...base,
      state: e.state,
      pendingCount: e.pendingCount,
      lastSuccessAt: e.lastSuccessAt,
      lastError: e.lastError,
      nextRetryAt: e.nextRetryAt,
      clockOffsetMs: Math.round(e.clockOffsetMs),
      bootstrap: bootstrapOf(e),
    };
  }

  /**
   * Pushes now (the "sync now" button) and answers the status after it. The engine's syncNow()
   * clears a back-off timer and runs at once: an explicit staff action may cut a wait short.
   */
  async now(): Promise<SyncStatusDto> {
    if (this.enrolling) return this.status();
    if (!this.engine) this.start();
    if (this.engine) await this.engine.syncNow();
    return this.status();
  }

  /** The records refused for good, newest first, and the newest rows the pull could not take as sent (the sync issues screen). */
  issues(page = 1, pageSize = 20): { total: number; items: SyncIssueDto[]; pulled: PullIssueDto[] } {
    return { ...this.issuesReader.list(page, pageSize), pulled: this.pullIssues.shown() };
  }

  /**
   * Enrolls this PC with a one-time code. The credential is kept first (OS key store / 0600
   * file), then the enrollment row: if the head office refuses or cannot be reached, nothing is
   * stored. A PC already enrolled is refused here; re-enrolling is `reenroll`.
   */
  async enroll(input: EnrollInput): Promise<SyncStatusDto> {
    if (this.state.read().enrollment) throw new KioskError('CONFLICT', 'this PC is already enrolled with head office');
    if (this.enrolling) throw new KioskError('CONFLICT', 'an enrollment is already under way');
    this.enrolling = true;
    try {
      const e = await requestEnrollment(this.fetchFn, input);
      this.o.secrets.save({ deviceId: e.deviceId, branchCode: e.branchCode, secret: e.secret });
      this.o.kdb.sqlite.transaction(() => this.saveEnrollment(input, e))();
    } finally {
      this.enrolling = false;
    }
    this.start();
    return this.status();
  }

  /**
   * Enrolls an enrolled PC anew with a new code: head office makes it a new device. The engine is
   * stopped first (no push in flight); if head office refuses, the old enrollment goes on as it
   * was. Otherwise the new credential is kept, and in one transaction the records not yet
   * acknowledged move to a new client — the new device id — as seqs 1…n (moveOutboxToClient), the
   * push cursor goes back to 0 and the enrollment row is replaced. Nothing pending is discarded.
   */
  async reenroll(input: EnrollInput): Promise<SyncStatusDto> {
    if (!this.state.read().enrollment) throw new KioskError('CONFLICT', 'this PC is not enrolled with head office yet; enroll it first');
    if (this.enrolling) throw new KioskError('CONFLICT', 'an enrollment is already under way');
    this.enrolling = true;
    try {
      await this.stop();
      let e: EnrollResponse;
      try {
        e = await requestEnrollment(this.fetchFn, input);
      } catch (error) {
        this.enrolling = false;
        this.start();
        throw error;
      }
      this.o.secrets.save({ deviceId: e.deviceId, branchCode: e.branchCode, secret: e.secret });
      this.credential = null;
      this.o.kdb.sqlite.transaction(() => {
        moveOutboxToClient(this.o.kdb.sqlite, this.state.read().lastAckedSeq, e.deviceId);
        this.state.setCursor(0);
        this.saveEnrollment(input, e);
      })();
      this.o.onOutboxMoved?.();
    } finally {
      this.enrolling = false;
    }
    this.start();
    return this.status();
  }

  /** The enrollment row, and a first success: the exchange with head office was one. */
  private saveEnrollment(input: EnrollInput, e: EnrollResponse): void {
    const serverUrl = new URL('/', input.serverUrl).toString();
    const now = this.o.clock.now();
    this.state.saveEnrollment({ serverUrl, deviceId: e.deviceId, branchId: e.branchId }, now);
    // New members are numbered under this PC's own prefix from now on (MEMBER_NO_PREFIX_SETTING
    // in services/members/registrationInput.ts); a re-enrollment brings a new one.
    this.o.kdb.sqlite.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('member_no.prefix', e.memberNoPrefix);
    // The clock offset from head office's time signs the first push right even on a PC clock far off.
    const serverMs = Date.parse(e.serverTime);
    if (Number.isFinite(serverMs)) this.o.offset.set(serverMs - now.getTime());
    this.state.recordSuccess({ clockOffsetMs: this.o.offset.get(), at: now });
  }

  private pendingCount(): number {
    return this.o.kdb.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'pending'").pluck().get() as number;
  }

  private emit(): void {
    if (!this.o.onStatus) return;
    try {
      this.o.onStatus(this.status());
    } catch {
      // a listener's failure is not the sync service's
    }
  }
}
