/**
 * Hybrid logical clock for ordering concurrent field edits across branches (SYNC.md). The
 * physical part is device time plus the offset estimated from head office; the counter keeps
 * the clock monotonic when the device clock stalls or jumps backwards.
 * Text form `<ms, 15 digits>-<counter, 5 digits>-<node>` sorts lexicographically.
 */
export interface HlcState {
  ms: number;
  counter: number;
}

export function nextHlc(prev: HlcState, physicalMs: number): HlcState {
  if (!Number.isFinite(physicalMs)) throw new RangeError('physical time must be finite');
  const now = Math.floor(physicalMs);
  if (now > prev.ms) return { ms: now, counter: 0 };
  return { ms: prev.ms, counter: prev.counter + 1 };
}

export function formatHlc(state: HlcState, node: string): string {
  return `${String(state.ms).padStart(15, '0')}-${String(state.counter).padStart(5, '0')}-${node}`;
}

export function parseHlc(text: string): HlcState & { node: string } {
  const m = /^(\d{15})-(\d{5})-(.+)$/.exec(text);
  if (!m) throw new RangeError('not an HLC');
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}
