/**
 * How many of the next pending mutations go into one push: at most `maxCount`, and at most
 * `maxBytes` of JSON in total. Always at least one when any are pending — a single mutation
 * over the byte limit is the caller's to reject (it can never be sent), not a reason to stall.
 */
export interface BatchLimits {
  maxCount: number;
  maxBytes: number;
}

/** Bytes the request envelope `{"clientId":"<uuid>","mutations":[…]}` adds, generously rounded. */
export const PUSH_ENVELOPE_BYTES = 128;

export function planBatch(sizes: readonly number[], limits: BatchLimits): number {
  if (limits.maxCount < 1) throw new RangeError('maxCount must be at least 1');
  if (sizes.length === 0) return 0;
  let bytes = PUSH_ENVELOPE_BYTES;
  let count = 0;
  for (const size of sizes) {
    if (count >= limits.maxCount) break;
    // +1 for the comma between array items.
    const next = bytes + size + (count > 0 ? 1 : 0);
    if (count > 0 && next > limits.maxBytes) break;
    bytes = next;
    count++;
  }
  return count;
}

/** Whether one mutation of `size` bytes can ever be pushed under `maxBytes`. */
export function fitsAlone(size: number, maxBytes: number): boolean {
  return PUSH_ENVELOPE_BYTES + size <= maxBytes;
}

/** After a 413: half the batch, rounded down, never below one. */
export function halveBatch(count: number): number {
  return Math.max(1, Math.floor(count / 2));
}
