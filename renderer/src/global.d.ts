import type { KioskBridge } from '../../core/contract/bridge';

declare global {
  interface Window {
    /** The only way to the kiosk services: the Electron preload or the web preview host's bridge. */
    readonly kiosk: KioskBridge;
  }
}

export {};
