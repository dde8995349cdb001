import { EventEmitter } from 'node:events';
import type { Clock } from '../../ports';
import type { HidDeviceInfo, HidHandle, HidPort, Scheduler, TimerHandle } from '../hidPort';

/**
 * Test doubles for the hardware and timer ports (the only things the HID tests fake). The fake
 * port behaves like node-hid on Linux: unplugging a device makes its open handle emit 'error'.
 */

/** Lets every already-resolved promise chain run (the fakes resolve at once). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock and scheduler in one, so debounce windows and back-off delays share one timeline. */
export class FakeTime implements Scheduler, Clock {
  private nowMs: number;
  private nextId = 1;
  private timers: { id: number; at: number; callback: () => void }[] = [];

  constructor(start = '2026-01-05T08:00:00.000Z') {
    this.nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.nowMs + ms, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays (from now) of the timers still pending. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order and letting async work settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = due.at;
      due.callback();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}

export class FakeHidHandle implements HidHandle {
  private readonly emitter = new EventEmitter();
  closed = false;

  constructor(readonly path: string) {}

  on(event: 'data', listener: (report: Uint8Array) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: unknown) => void)): this {
    this.emitter.on(event, listener);
    return this;
  }

  close(): void {
    this.closed = true;
  }

  /** The device sends an input report. */
  report(bytes: readonly number[] | Uint8Array): void {
    if (!this.closed) this.emitter.emit('data', Buffer.from(bytes));
  }

  fail(error: unknown): void {
    if (!this.closed) this.emitter.emit('error', error);
  }
}

export class FakeHidPort implements HidPort {
  private attached: HidDeviceInfo[] = [];
  /** Every handle ever opened, in order. */
  readonly handles: FakeHidHandle[] = [];
  enumerations = 0;
  /** Paths whose open fails the way a missing udev rule does. */
  readonly refuse = new Set<string>();
  listFailure: Error | null = null;
  /** When set, open() waits for this promise first (to test stop() during an open). */
  openGate: Promise<void> | null = null;

  plug(...devices: HidDeviceInfo[]): void {
    this.attached.push(...devices);
  }

  unplug(path: string): void {
    this.attached = this.attached.filter((d) => d.path !== path);
    for (const h of this.handles) if (h.path === path) h.fail(new Error('could not read from HID device'));
  }

  async devices(): Promise<HidDeviceInfo[]> {
    this.enumerations += 1;
    if (this.listFailure) throw this.listFailure;
    return this.attached.map((d) => ({ ...d }));
  }

  async open(path: string): Promise<HidHandle> {
    if (this.openGate) await this.openGate;
    if (this.refuse.has(path) || !this.attached.some((d) => d.path === path)) {
      throw new Error(`cannot open device with path ${path}`);
    }
    const handle = new FakeHidHandle(path);
    this.handles.push(handle);
    return handle;
  }

  /** The handle currently open on `path`. */
  handle(path: string): FakeHidHandle {
    const open = this.handles.filter((h) => h.path === path && !h.closed).at(-1);
    if (!open) throw new Error(`no open handle on ${path}`);
    return open;
  }

  openPaths(): string[] {
    return this.handles.filter((h) => !h.closed).map((h) => h.path);
  }
}
