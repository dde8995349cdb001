/**
 * Full-jitter exponential back-off (SYNC.md: 1 s → 5 min): the n-th consecutive failure waits a
 * uniformly random time in [0, min(cap, base·2^n)). Pure: the random source is a parameter.
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export interface BackoffLimits {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffLimits = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };

/** The ceiling of the wait after `failures` consecutive failures (1 = the first failure). */
export function backoffCeilingMs(failures: number, limits: BackoffLimits = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError('failures must be a positive integer');
  // 2^30 already exceeds any sane cap; clamping the exponent keeps the arithmetic finite.
  return Math.min(limits.capMs, limits.baseMs * 2 ** Math.min(failures - 1, 30));
}

/** The wait before the next retry: random in [0, ceiling), at least 1 ms. `random` returns [0, 1). */
export function backoffDelayMs(failures: number, random: () => number, limits: BackoffLimits = DEFAULT_BACKOFF): number {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError('random() must return a number in [0, 1)');
  return Math.max(1, Math.floor(r * backoffCeilingMs(failures, limits)));
}
