/**
 * The hardware and timer ports of the HID reader service. The real implementations wrap node-hid
 * (nodeHidPort.ts) and the global timers; tests inject fakes, so no test waits on real time or
 * needs a reader plugged in.
 */

/** What enumeration tells us about one HID interface (a subset of node-hid's Device). */
export interface HidDeviceInfo {
  /** OS path to open (/dev/hidrawN on Linux); an entry without one cannot be opened. */
  path?: string | undefined;
  vendorId: number;
  productId: number;
  usagePage?: number | undefined;
  serialNumber?: string | undefined;
  product?: string | undefined;
  interface?: number | undefined;
}

/** An open device. 'error' also means "unplugged": node-hid reports removal as a read error. */
export interface HidHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void> | void;
}

export interface HidPort {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

export type TimerHandle = unknown;

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
