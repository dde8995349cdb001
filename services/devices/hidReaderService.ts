import type { ReaderStatusDto } from '../../core/contract/dto';
import { systemClock, type Clock } from '../ports';
import { realScheduler, type HidDeviceInfo, type HidHandle, type HidPort, type Scheduler, type TimerHandle } from './hidPort';
import { closeQuietly, describeError, pickDevice } from './deviceMatch';
import { formatUsbId, type ReaderProfile } from './readerProfiles';
import { decodeReportDetailed } from './reportDecoders';
import { TypedEmitter } from './typedEmitter';

/**
 * Vendor-mode (HID) card readers: opens the allow-listed devices, decodes their reports per
 * profile and emits canonical UIDs. Each profile is one configured reader. While any of them is
 * missing it re-enumerates with exponential back-off; once all are open it stops enumerating,
 * because enumeration walks every HID device on the bus and is not free on a kiosk PC.
 *
 * Card UIDs are personal data: they go out in 'card' events and nowhere else (not in logs,
 * statuses or errors).
 */

export interface CardRead {
  readerId: string;
  uid: string;
}

export type ReaderStatus = ReaderStatusDto;

export interface ReaderStats {
  reports: number;
  cards: number;
  rejected: number;
}

export interface HidReaderServiceOptions {
  profiles: readonly ReaderProfile[];
  port: HidPort;
  scheduler?: Scheduler;
  clock?: Clock;
  /** The same UID from the same reader within this window is a card left on the reader. */
  debounceMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Receives operational messages only; never card data. */
  log?: (message: string) => void;
}

export interface HidReaderEvents {
  card: CardRead;
  status: ReaderStatus[];
}

interface ReaderState {
  readonly profile: ReaderProfile;
  handle: HidHandle | null;
  path: string | null;
  lastReadAt: string | null;
  error: string | null;
  lastUid: string | null;
  lastUidAt: number;
  stats: ReaderStats;
}

export const DEFAULT_DEBOUNCE_MS = 1500;
export const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 10_000 } as const;
/** Shown while the last report could not be decoded: usually a wrong decoder or offset. */
export const DECODE_ERROR = 'report not understood; check the reader profile';
const LIST_ERROR = 'cannot list HID devices';

export class HidReaderService {
  private readonly emitter: TypedEmitter<HidReaderEvents>;
  private readonly readers: ReaderState[];
  private readonly port: HidPort;
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly log: (message: string) => void;

  private running = false;
  /** Bumped by start/stop so an enumeration still in flight from an old run bails out. */
  private run = 0;
  private scanning: Promise<void> | null = null;
  private timer: TimerHandle | null = null;
  private nextDelayMs: number;
  private lastPublished = '';

  constructor(options: HidReaderServiceOptions) {
    this.readers = options.profiles.map((profile) => ({
      profile,
      handle: null,
      path: null,
      lastReadAt: null,
      error: null,
      lastUid: null,
      lastUidAt: 0,
      stats: { reports: 0, cards: 0, rejected: 0 },
    }));
    this.port = options.port;
    this.scheduler = options.scheduler ?? realScheduler;
    this.clock = options.clock ?? systemClock;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.nextDelayMs = this.backoff.initialMs;
    this.log = options.log ?? (() => {});
    // Listener bugs are logged, never allowed into node-hid's read loop (see TypedEmitter).
    this.emitter = new TypedEmitter<HidReaderEvents>((event, error) =>
      this.log(`hid readers: a '${event}' listener threw: ${describeError(error)}`),
    );
  }

  on<E extends keyof HidReaderEvents>(event: E, listener: (payload: HidReaderEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  statuses(): ReaderStatus[] {
    return this.readers.map((r) => ({
      id: r.profile.id,
      kind: 'hid',
      name: r.profile.name,
      connected: r.handle !== null,
      // Decoders already turn reports into the canonical UID, so the UI shows it as plain hex.
      format: 'hex',
      lastReadAt: r.lastReadAt,
      error: r.error,
    }));
  }

  /** Report counters per reader id, for diagnostics (garbage reports show up as `rejected`). */
  stats(): Record<string, ReaderStats> {
    return Object.fromEntries(this.readers.map((r) => [r.profile.id, { ...r.stats }]));
  }

  /** Publishes the initial statuses and resolves after the first enumeration. */
  async start(): Promise<void> {
    if (this.running) return;
    // A scan from before the last stop() must finish (and close what it opened) first.
    while (this.scanning) await this.scanning;
    if (this.running) return;
    this.running = true;
    this.run += 1;
    this.nextDelayMs = this.backoff.initialMs;
    this.publish();
    await this.scan();
  }

  /** Closes every handle and cancels the timer; safe to call twice or before start. */
  async stop(): Promise<void> {
    this.running = false;
    this.run += 1;
    this.cancelTimer();
    const closing = this.readers.map((r) => this.detach(r));
    await Promise.all(closing);
    if (this.scanning) await this.scanning;
    this.publish();
  }

  private scan(): Promise<void> {
    if (!this.running || this.scanning) return this.scanning ?? Promise.resolve();
    this.cancelTimer();
    const run = this.run;
    this.scanning = this.enumerateAndOpen(run)
      .catch((error: unknown) => this.log(`hid readers: scan failed: ${describeError(error)}`))
      .finally(() => {
        this.scanning = null;
        if (this.run === run) this.scheduleIfMissing();
      });
    return this.scanning;
  }

  private async enumerateAndOpen(run: number): Promise<void> {
    const missing = this.readers.filter((r) => r.handle === null);
    if (missing.length === 0) return;
    let devices: HidDeviceInfo[];
    try {
      devices = await this.port.devices();
    } catch (error) {
      for (const r of missing) r.error = `${LIST_ERROR}: ${describeError(error)}`;
      this.publish();
      return;
    }
    if (this.run !== run) return;
    for (const r of missing) if (r.error?.startsWith(LIST_ERROR)) r.error = null;
    const claimed = new Set(this.readers.map((r) => r.path).filter((p): p is string => p !== null));
    for (const r of missing) {
      const device = pickDevice(devices, r.profile, claimed);
      if (!device) continue;
      claimed.add(device.path);
      await this.open(r, device.path, run);
      if (this.run !== run) return;
    }
  }

  private async open(r: ReaderState, path: string, run: number): Promise<void> {
    let handle: HidHandle;
    try {
      handle = await this.port.open(path);
    } catch (error) {
      // Usually permissions: the udev rule is missing or the user is not in its group.
      const message = `cannot open ${path}: ${describeError(error)}`;
      // Retries repeat every back-off period; log a failure once, not every ten seconds.
      if (message !== r.error) this.log(`hid reader ${r.profile.id}: ${message}`);
      r.error = message;
      this.publish();
      return;
    }
    if (this.run !== run) {
      await closeQuietly(handle);
      return;
    }
    r.handle = handle;
    r.path = path;
    r.error = null;
    // 'error' first: node-hid starts reading as soon as a 'data' listener is added.
    handle.on('error', (error) => {
      if (r.handle === handle) this.onDisconnect(r, error);
    });
    handle.on('data', (report) => {
      if (r.handle === handle) this.onReport(r, report);
    });
    this.log(`hid reader ${r.profile.id} connected (${formatUsbId(r.profile.vendorId, r.profile.productId)} at ${path})`);
    this.publish();
  }

  private onReport(r: ReaderState, report: Uint8Array): void {
    r.stats.reports += 1;
    const result = decodeReportDetailed(report, r.profile);
    if (result.kind === 'empty') return;
    if (result.kind === 'invalid') {
      r.stats.rejected += 1;
      r.error = DECODE_ERROR;
      this.publish();
      return;
    }
    const now = this.clock.now();
    const nowMs = now.getTime();
    const repeat = result.uid === r.lastUid && nowMs - r.lastUidAt < this.debounceMs;
    // Sliding window: a reader repeating a card that stays in the field keeps it suppressed.
    r.lastUid = result.uid;
    r.lastUidAt = nowMs;
    if (r.error === DECODE_ERROR) r.error = null;
    if (repeat) {
      this.publish();
      return;
    }
    r.stats.cards += 1;
    r.lastReadAt = now.toISOString();
    this.emitter.emit('card', { readerId: r.profile.id, uid: result.uid });
    this.publish();
  }

  private onDisconnect(r: ReaderState, error: unknown): void {
    r.error = `disconnected: ${describeError(error)}`;
    this.log(`hid reader ${r.profile.id}: ${r.error}`);
    // Status first: closing an unplugged device can be slow and the desk should see it at once.
    void this.detach(r);
    this.publish();
    if (!this.running) return;
    // A fresh unplug is most likely a quick replug: look again soon, not at the capped delay.
    this.nextDelayMs = this.backoff.initialMs;
    if (!this.scanning) {
      this.cancelTimer();
      this.scheduleIfMissing();
    }
  }

  private async detach(r: ReaderState): Promise<void> {
    const handle = r.handle;
    r.handle = null;
    r.path = null;
    if (handle) await closeQuietly(handle);
  }

  private scheduleIfMissing(): void {
    if (!this.running || this.timer !== null) return;
    if (this.readers.every((r) => r.handle !== null)) {
      this.nextDelayMs = this.backoff.initialMs;
      return;
    }
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(delay * 2, this.backoff.maxMs);
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      void this.scan();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Emits 'status' only when something the UI shows has changed. */
  private publish(): void {
    const statuses = this.statuses();
    const key = JSON.stringify(statuses);
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.emitter.emit('status', statuses);
  }
}
