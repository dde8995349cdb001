import { KioskError } from '../../core/contract/errors';
import type { SyncStatusDto } from '../../core/contract/syncMethods';
import { enrollResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, syncErrorBody } from '../../core/sync/protocol';
import type { KioskDatabase } from '../../db/connection';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import type { Clock } from '../ports';
import { SyncEngine, type SyncEngineOptions } from './syncEngine';
import { credentialSecret, type SyncCredential, type SyncSecretStore } from './syncSecretStore';
import type { ClockOffset } from './syncState';
import { SyncStateStore } from './syncState';

export const ENROLL_PATH = '/v1/enroll';
const ENROLL_TIMEOUT_MS = 15_000;

export interface SyncServiceOptions {
  kdb: KioskDatabase;
  clock: Clock;
  /** This desk's own branch id (the local `branch` row), mapped to head office's on the wire. */
  localBranchId: string;
  secrets: SyncSecretStore;
  /** Shared with the OutboxWriter so new HLC stamps use head-office time. */
  offset: ClockOffset;
  onStatus?: (status: SyncStatusDto) => void;
  fetch?: typeof fetch;
  /** Extra engine options (tests: back-off, kick delay). */
  engine?: Partial<SyncEngineOptions>;
}

export interface EnrollInput {
  serverUrl: string;
  code: string;
  deviceName: string;
}

function invalid(path: string, message: string): KioskError {
  return new KioskError('INVALID_INPUT', message, [{ path, message }]);
}

/**
 * Enrollment from the desk and the push engine's life in the app: started on open when the
 * database is enrolled (and right after enrolling), stopped on close, kicked after each local
 * write. Status changes go to `onStatus` (the `sync.status` event).
 */
export class SyncService {
  private readonly state: SyncStateStore;
  private readonly fetchFn: typeof fetch;
  private engine: SyncEngine | null = null;
  private credential: SyncCredential | null = null;
  /** Why the engine could not start (credential missing, lock held), shown as an error. */
  private startError: string | null = null;
  private enrolling = false;

  constructor(private readonly o: SyncServiceOptions) {
    this.state = new SyncStateStore(o.kdb);
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
      return { enrolled: false, serverUrl: null, branchCode: null, state: 'notEnrolled', pendingCount: this.pendingCount(), lastSuccessAt: null, lastError: null, nextRetryAt: null };
    }
    const base = { enrolled: true, serverUrl: s.enrollment.serverUrl, branchCode: this.credential?.branchCode ?? null };
    if (!this.engine) {
      return { ...base, state: 'error', pendingCount: this.pendingCount(), lastSuccessAt: s.lastSuccessAt, lastError: this.startError ?? s.lastError, nextRetryAt: null };
    }
    const e = this.engine.status();
    return { ...base, state: e.state, pendingCount: e.pendingCount, lastSuccessAt: e.lastSuccessAt, lastError: e.lastError, nextRetryAt: e.nextRetryAt };
  }

  /** Pushes now (a "sync now" button) and answers the status after it. */
  async now(): Promise<SyncStatusDto> {
    if (!this.engine) this.start();
    if (this.engine) await this.engine.syncNow();
    return this.status();
  }

  /**
   * Enrolls this PC with a one-time code. The credential is kept first (OS key store / 0600
   * file), then the enrollment row: if the head office refuses or cannot be reached, nothing is
   * stored. A PC already enrolled is refused (re-enrollment is a later step: the outbox cursor
   * belongs to the device it was pushed as).
   */
  async enroll(input: EnrollInput): Promise<SyncStatusDto> {
    if (this.state.read().enrollment) throw new KioskError('CONFLICT', 'this PC is already enrolled with head office');
    if (this.enrolling) throw new KioskError('CONFLICT', 'an enrollment is already under way');
    let url: URL;
    try {
      url = new URL(ENROLL_PATH, input.serverUrl);
    } catch {
      throw invalid('serverUrl', 'serverUrl must be an http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('serverUrl', 'serverUrl must be an http or https URL');
    this.enrolling = true;
    try {
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: String(LATEST_SCHEMA_VERSION) },
          body: JSON.stringify({ code: input.code.trim(), deviceName: input.deviceName.trim() }),
          signal: AbortSignal.timeout(ENROLL_TIMEOUT_MS),
        });
      } catch {
        throw invalid('serverUrl', 'head office cannot be reached at this address');
      }
      const text = await res.text();
      if (res.status === 403) throw invalid('code', 'the enrollment code is unknown, already used or expired');
      if (res.status === 426) throw new KioskError('CONFLICT', 'head office does not support this kiosk version; update the kiosk or head office');
      if (!res.ok) {
        const body = syncErrorBody.safeParse(safeJson(text));
        throw invalid('serverUrl', `head office refused the enrollment (${res.status}${body.success ? ` ${body.data.code}` : ''})`);
      }
      const parsed = enrollResponse.safeParse(safeJson(text));
      if (!parsed.success || Buffer.from(parsed.data.secret, 'base64').length !== 32) throw invalid('serverUrl', 'the answer is not from a head office');
      const e = parsed.data;
      const serverUrl = new URL('/', input.serverUrl).toString();
      this.o.secrets.save({ deviceId: e.deviceId, branchCode: e.branchCode, secret: e.secret });
      this.state.saveEnrollment({ serverUrl, deviceId: e.deviceId, branchId: e.branchId }, this.o.clock.now());
      // The enrollment was a successful exchange with head office: the desk reads online, and the
      // clock offset from its server time signs the first push right even on a PC clock far off.
      const now = this.o.clock.now();
      const serverMs = Date.parse(e.serverTime);
      if (Number.isFinite(serverMs)) this.o.offset.set(serverMs - now.getTime());
      this.state.recordSuccess({ clockOffsetMs: this.o.offset.get(), at: now });
    } finally {
      this.enrolling = false;
    }
    this.start();
    return this.status();
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
