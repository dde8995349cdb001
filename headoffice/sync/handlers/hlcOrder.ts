import { parseHlc } from '../../../core/sync/hlc';

/**
 * Orders two HLC texts (core/sync/hlc.ts): physical ms, then counter, then node. Text that is not
 * an HLC falls back to text order (the canonical form sorts the same way).
 */
export function compareHlcText(a: string, b: string): number {
  try {
    const x = parseHlc(a);
    const y = parseHlc(b);
    if (x.ms !== y.ms) return x.ms < y.ms ? -1 : 1;
    if (x.counter !== y.counter) return x.counter < y.counter ? -1 : 1;
    return x.node === y.node ? 0 : x.node < y.node ? -1 : 1;
  } catch {
    return a === b ? 0 : a < b ? -1 : 1;
  }
}

/** The node (the kiosk's client id) of an HLC text, or null when it is not one. */
export function hlcNode(text: string): string | null {
  try {
    return parseHlc(text).node;
  } catch {
    return null;
  }
}
