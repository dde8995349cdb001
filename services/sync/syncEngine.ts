import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffLimits } from '../../core/sync/backoff';
import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import { PushClient, type PushOutcome } from './pushClient';
import type { SyncSecretProvider } from './signer';
import { acquireSyncLock, type SyncLock } from './syncLock';
import { ClockOffset, SyncStateStore } from './syncState';

export type SyncConnection = 'online' | 'offline' | 'error';

export interface SyncStatus {
  state: SyncConnection;
  pendingCount: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** When the back-off timer fires next (ISO), while retrying after a transient failure. */
  nextRetryAt: string | null;
  /** Head-office time minus this PC's time, ms: large values mean the PC clock is off. */
  clockOffsetMs: number;
}

export interface SyncEngineOptions {
  kdb: KioskDatabase;
  clock: Clock;
  secret: SyncSecretProvider;
  /** Shared with the kiosk's OutboxWriter (Kiosk.clockOffset) so new HLC stamps use head-office time. */
  offset?: ClockOffset;
  onStatus?: (status: SyncStatus) => void;
  fetch?: typeof fetch;
  /** Back-off between retries (default 1 s → 5 min, full jitter). */
  backoff?: BackoffLimits;
  random?: () => number;
  /** Delay between a local write's `kick()` and the push, so a burst goes in one batch. */
  kickDelayMs?: number;
  /** Batch limits (default and maximum: the protocol's). */
  maxCount?: number;
  maxBytes?: number;
  /** This desk's branch id, mapped to the enrolled branch id on the wire (PushClientOptions.localBranchId). */
  localBranchId?: string;
}

/**
 * The branch's push loop (SYNC.md "Branch side"). One per database file (a lock file), one drain
 * at a time. Transient failures retry on a timer with full-jitter back-off — the timer fires by
 * itself, never waiting for the next local write. Failures retrying cannot fix stop the loop and
 * are shown until the engine is started again (after an update, a re-enrollment).
 */
export class SyncEngine {
  private readonly state: SyncStateStore;
  private readonly push: PushClient;
  private readonly offset: ClockOffset;
  private lock: SyncLock | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private nextRetryAt: Date | null = null;
  private halted: string | null = null;
  private lastOutcome: PushOutcome | null = null;

  constructor(private readonly o: SyncEngineOptions) {
    this.state = new SyncStateStore(o.kdb);
    this.offset = o.offset ?? new ClockOffset(this.state.read().clockOffsetMs);
    this.push = new PushClient({
      kdb: o.kdb,
      clock: o.clock,
      secret: o.secret,
      state: this.state,
      offset: this.offset,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.maxCount ? { maxCount: o.maxCount } : {}),
      ...(o.maxBytes ? { maxBytes: o.maxBytes } : {}),
      ...(o.localBranchId ? { localBranchId: o.localBranchId } : {}),
    });
  }

  get started(): boolean {
    return this.lock !== null;
  }

  /** Takes the database's sync lock (throws SyncLockedError if another engine holds it) and pushes at once. */
  start(): void {
    if (this.lock) return;
    this.lock = acquireSyncLock(this.o.kdb.sqlite.name);
    this.halted = null;
    this.schedule(0, false);
  }

  /** Stops the timer, waits for a push under way, releases the lock. */
  async stop(): Promise<void> {
    this.clearTimer();
    const lock = this.lock;
    this.lock = null;
    this.again = false;
    await this.running;
    lock?.release();
  }

  /** A local write happened: push soon. Does not cut a back-off short (the retry timer is already set). */
  kick(): void {
    if (!this.lock || this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.schedule(this.o.kickDelayMs ?? 200, false);
  }

  /** Runs a push now and resolves when it is done (tests, a "sync now" button). */
  async syncNow(): Promise<PushOutcome | null> {
    if (!this.lock) throw new Error('the sync engine is not started');
    this.clearTimer();
    if (this.running) {
      this.again = true;
      await this.running;
    } else {
      await this.run();
    }
    return this.lastOutcome;
  }

  /** Resolves once nothing is running or scheduled soon (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  status(): SyncStatus {
    const s = this.state.read();
    const state: SyncConnection = this.halted ? 'error' : this.lastOutcome?.kind === 'retry' ? 'offline' : s.lastSuccessAt ? 'online' : 'offline';
    return {
      state,
      pendingCount: this.push.pendingCount(),
      lastSuccessAt: s.lastSuccessAt,
      lastError: s.lastError,
      nextRetryAt: this.nextRetryAt?.toISOString() ?? null,
      clockOffsetMs: this.offset.get(),
    };
  }

  private schedule(delayMs: number, isRetry: boolean): void {
    this.clearTimer();
    this.nextRetryAt = isRetry ? new Date(this.o.clock.now().getTime() + delayMs) : null;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    // The engine must not keep a Node process alive by itself; Electron's main loop keeps the app alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRetryAt = null;
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          if (!this.lock) return;
          this.lastOutcome = await this.drainSafely();
        } while (this.again && this.lastOutcome.kind === 'drained' && this.lock);
        this.afterDrain(this.lastOutcome);
      } finally {
        this.running = null;
        this.emit();
      }
    })();
    return this.running;
  }

  private async drainSafely(): Promise<PushOutcome> {
    try {
      return await this.push.drain(() => this.lock !== null);
    } catch (error) {
      // A bug or a database error: treat like a transient failure so the loop stays alive.
      return { kind: 'retry', error: `sync client error: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private afterDrain(outcome: PushOutcome): void {
    if (!this.lock) return;
    const now = this.o.clock.now();
    if (outcome.kind === 'drained' || outcome.kind === 'stopped') {
      this.nextRetryAt = null;
      return;
    }
    if (outcome.kind === 'halted') {
      this.halted = outcome.code;
      this.state.recordFailure(outcome.error, now);
      return;
    }
    const failures = this.state.recordFailure(outcome.error, now);
    const delay = backoffDelayMs(failures, this.o.random ?? Math.random, this.o.backoff ?? DEFAULT_BACKOFF);
    this.schedule(delay, true);
  }

  private emit(): void {
    if (!this.o.onStatus) return;
    try {
      this.o.onStatus(this.status());
    } catch {
      // a listener's failure is not the sync engine's
    }
  }
}
