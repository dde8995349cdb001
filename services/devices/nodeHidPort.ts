import type { HIDAsync } from 'node-hid';
import type { HidDeviceInfo, HidHandle, HidPort } from './hidPort';

/**
 * The real HID port over node-hid's async API. node-hid is imported on first use, not at module
 * load, so code (and tests) that merely import the reader service never load the native module;
 * a missing native build then shows up as a reader status error instead of a crash at startup.
 */

type NodeHid = typeof import('node-hid');

let loading: Promise<NodeHid> | null = null;

function loadNodeHid(): Promise<NodeHid> {
  loading ??= import('node-hid').then((mod) => {
    // node-hid is CommonJS: depending on the loader its exports sit on the namespace or on default.
    const withDefault = mod as NodeHid & { default?: NodeHid };
    return withDefault.default ?? mod;
  });
  // A failed load (e.g. libusb missing) is retried on the next call rather than cached forever.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export const nodeHidPort: HidPort = {
  async devices(): Promise<HidDeviceInfo[]> {
    const hid = await loadNodeHid();
    const list = await hid.devicesAsync();
    return list.map((d) => ({
      path: d.path,
      vendorId: d.vendorId,
      productId: d.productId,
      usagePage: d.usagePage,
      serialNumber: d.serialNumber,
      product: d.product,
      interface: d.interface,
    }));
  },

  async open(path: string): Promise<HidHandle> {
    const hid = await loadNodeHid();
    return new NodeHidHandle(await hid.HIDAsync.open(path));
  },
};

class NodeHidHandle implements HidHandle {
  constructor(private readonly device: HIDAsync) {}

  on(event: 'data', listener: (report: Uint8Array) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: unknown) => void)): this {
    // Adding the 'data' listener is what starts node-hid's read thread.
    this.device.on(event, listener as (arg: unknown) => void);
    return this;
  }

  close(): Promise<void> {
    return this.device.close();
  }
}
