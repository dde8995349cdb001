import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffLimits } from '../../core/sync/backoff';
import { ROSTER_TABLES } from '../../core/sync/bootstrapProtocol';
import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import { BootstrapClient } from './bootstrapClient';
import { OutboxRetention } from './outboxRetention';
import { PullClient } from './pullClient';
import { PushClient, type PushOutcome } from './pushClient';
import type { SyncSecretProvider } from './signer';
import { acquireSyncLock, type SyncLock } from './syncLock';
import { ClockOffset, SyncStateStore } from './syncState';
import { DEFAULT_PULL_INTERVAL_MS, type EngineTimers, realTimers, type TimerKind } from './engineTimers';

export { DEFAULT_PULL_INTERVAL_MS, type EngineTimers } from './engineTimers';

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
  /** Roster rows downloaded and expected while this PC bootstraps (first start, after a reset); null otherwise. */
  bootstrap: { done: number; total: number } | null;
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
  /** Download the roster and pull the change log after each drained push (default true; false against a push-only test double). */
  pull?: boolean;
  /** Rows per bootstrap page and changes per pull page (defaults: the protocol's). */
  bootstrapPageSize?: number;
  pullPageSize?: number;
  /** While online and idle, a round (push, then pull) this often so a desk with no writes of its own still sees the others' (default 30 s). */
  pullIntervalMs?: number;
  /**
   * Called after changes from head office were committed, with the tables they touched (a roster
   * download: every roster table), so caches over those tables can reload. Never throws into the engine.
   */
  onApplied?: (tables: ReadonlySet<string>) => void;
  /** The engine's timer (tests: a hand-driven fake); default setTimeout, unref'd. */
  timers?: EngineTimers;
}


/**
 * The branch's sync loop (SYNC.md "Branch side"): push the outbox; once it is drained, download
 * the roster if this PC has none yet (first start, or after head office answered `reset` — the
 * outbox is always drained first, so no pending mutation is lost), then pull both scopes.
 * One per database file (a lock file), one round at a time, on one timer: while online and idle
 * a round runs every `pullIntervalMs` so a desk with no writes of its own still receives the
 * others' (a kick replaces that timer with the short push delay). Transient failures retry on a timer
 * with full-jitter back-off — the timer fires by itself, never waiting for the next local write.
 * Failures retrying cannot fix stop the loop and are shown until the engine is started again
 * (after an update, a re-enrollment).
 */
export class SyncEngine {
  private readonly state: SyncStateStore;
  private readonly push: PushClient;
  private readonly retention: OutboxRetention;
  private readonly pull: PullClient;
  private readonly bootstrap: BootstrapClient;
  private readonly offset: ClockOffset;
  private lock: SyncLock | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: { handle: unknown; kind: TimerKind } | null = null;
  private readonly timers: EngineTimers;
  private nextRetryAt: Date | null = null;
  private halted: string | null = null;
  private lastOutcome: PushOutcome | null = null;

  constructor(private readonly o: SyncEngineOptions) {
    this.state = new SyncStateStore(o.kdb);
    this.timers = o.timers ?? realTimers;
    this.offset = o.offset ?? new ClockOffset(this.state.read().clockOffsetMs);
    // What every client of head office needs; the push, pull and bootstrap add their own.
    const requester = {
      kdb: o.kdb,
      clock: o.clock,
      secret: o.secret,
      state: this.state,
      offset: this.offset,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.localBranchId ? { localBranchId: o.localBranchId } : {}),
    };
    this.push = new PushClient({ ...requester, ...(o.maxCount ? { maxCount: o.maxCount } : {}), ...(o.maxBytes ? { maxBytes: o.maxBytes } : {}) });
    this.pull = new PullClient({ ...requester, ...(o.pullPageSize ? { pageSize: o.pullPageSize } : {}), onApplied: (tables) => this.applied(tables) });
    this.retention = new OutboxRetention(o.kdb, o.clock, this.state);
    this.bootstrap = new BootstrapClient({ ...requester, ...(o.bootstrapPageSize ? { pageSize: o.bootstrapPageSize } : {}), onProgress: () => this.emit() });
  }

  get started(): boolean {
    return this.lock !== null;
  }

  /** Takes the database's sync lock (throws SyncLockedError if another engine holds it) and pushes at once. */
  start(): void {
    if (this.lock) return;
    this.lock = acquireSyncLock(this.o.kdb.sqlite.name);
    this.halted = null;
    this.schedule(0, 'soon');
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

  /**
   * A local write happened: push soon. Does not cut a back-off short (the retry timer is already
   * set), but the desk is told the new pending count at once either way.
   */
  kick(): void {
    if (!this.lock) return;
    // Halted: nothing goes out until a restart, but the count of what waits is still news.
    if (this.running) this.again = true;
    else if (!this.halted && (!this.timer || this.timer.kind === 'poll')) this.schedule(this.o.kickDelayMs ?? 200, 'soon');
    this.emit();
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
      bootstrap: s.enrollment && this.o.pull !== false ? this.bootstrap.progress() : null,
    };
  }

  private schedule(delayMs: number, kind: TimerKind): void {
    this.clearTimer();
    this.nextRetryAt = kind === 'retry' ? new Date(this.o.clock.now().getTime() + delayMs) : null;
    const timer = {
      kind,
      handle: this.timers.set(() => {
        if (this.timer !== timer) return; // cleared after it was due
        this.timer = null;
        void this.run();
      }, delayMs),
    };
    this.timer = timer;
  }

  private clearTimer(): void {
    if (this.timer) this.timers.clear(this.timer.handle);
    this.timer = null;
    this.nextRetryAt = null;
  }

  /** Tells the composition root which tables head office's changes touched; its failure is not the engine's. */
  private applied(tables: ReadonlySet<string>): void {
    if (tables.size === 0 || !this.o.onApplied) return;
    try {
      this.o.onApplied(tables);
    } catch {
      // a cache that cannot reload keeps its old contents
    }
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
      const pushed = await this.push.drain(() => this.lock !== null);
      if (pushed.kind !== 'drained' || this.o.pull === false) return pushed;
      // The push is done: the desk shows it while the pull runs.
      this.lastOutcome = pushed;
      const down = await this.syncDown();
      return down ?? pushed;
    } catch (error) {
      // A bug or a database error: treat like a transient failure so the loop stays alive.
      return { kind: 'retry', error: `sync client error: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * After a drained push: bootstrap when needed, then pull. A `reset` marks the roster for a new
   * download and runs it at once — the outbox was drained just before. Null when all went well.
   */
  private async syncDown(): Promise<PushOutcome | null> {
    const keepGoing = () => this.lock !== null;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.bootstrap.needed()) {
        const b = await this.bootstrap.run(keepGoing);
        if (b.kind === 'stopped') return { kind: 'stopped', sent: 0 };
        if (b.kind !== 'complete') return b;
        this.applied(new Set(ROSTER_TABLES));
      }
      const p = await this.pull.pullAll(keepGoing);
      if (p.kind === 'stopped') return { kind: 'stopped', sent: 0 };
      if (p.kind === 'retry' || p.kind === 'halted') return p;
      if (p.kind === 'pulled') {
        this.state.recordSuccess({ at: this.o.clock.now() });
        return null;
      }
      // reset: pending mutations were all pushed by the drain that led here; download again.
      this.bootstrap.store.require();
      if (this.push.pendingCount() > 0) return null; // written meanwhile: the next round drains first
    }
    return { kind: 'retry', error: 'head office answered reset again right after a new roster download' };
  }

  private afterDrain(outcome: PushOutcome): void {
    if (!this.lock) return;
    const now = this.o.clock.now();
    if (outcome.kind === 'drained' || outcome.kind === 'stopped') {
      this.nextRetryAt = null;
      if (outcome.kind === 'drained') this.pruneOutbox();
      // Idle and online: poll head office's log (a kick meanwhile replaces this timer).
      if (this.o.pull !== false && !this.timer) this.schedule(this.o.pullIntervalMs ?? DEFAULT_PULL_INTERVAL_MS, 'poll');
      return;
    }
    if (outcome.kind === 'halted') {
      this.halted = outcome.code;
      this.state.recordFailure(outcome.error, now);
      return;
    }
    const failures = this.state.recordFailure(outcome.error, now);
    const delay = backoffDelayMs(failures, this.o.random ?? Math.random, this.o.backoff ?? DEFAULT_BACKOFF);
    this.schedule(delay, 'retry');
  }

  /** Old acknowledged rows out of the send queue (OutboxRetention); a failure here is not the round's. */
  private pruneOutbox(): void {
    try {
      this.retention.afterDrain();
    } catch {
      // tried again after the next drained round
    }
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
