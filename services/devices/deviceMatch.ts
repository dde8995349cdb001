import type { HidDeviceInfo, HidHandle } from './hidPort';
import type { ReaderProfile } from './readerProfiles';

export type OpenableDevice = HidDeviceInfo & { path: string };

/**
 * The first device the profile allows that no other reader has claimed. Only VID:PID (and the
 * usage page / serial number when the profile names them) decide: this is the allow-list, so a
 * keyboard or a payment terminal on the same PC is never opened. Sorted by path for a stable
 * choice when two identical readers are plugged in.
 */
export function pickDevice(
  devices: readonly HidDeviceInfo[],
  profile: ReaderProfile,
  claimed: ReadonlySet<string>,
): OpenableDevice | null {
  const matches = devices
    .filter((d): d is OpenableDevice => typeof d.path === 'string' && d.path.length > 0)
    .filter(
      (d) =>
        d.vendorId === profile.vendorId &&
        d.productId === profile.productId &&
        (profile.usagePage === undefined || d.usagePage === profile.usagePage) &&
        (profile.serialNumber === undefined || d.serialNumber === profile.serialNumber) &&
        !claimed.has(d.path),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return matches[0] ?? null;
}

export async function closeQuietly(handle: HidHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // Closing an unplugged device fails on some platforms; the handle is gone either way.
  }
}

/** Driver messages, shortened so a status never carries a wall of text. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
