/** One-shot timers, as the sync engine needs them (tests pass a hand-driven fake). */
export interface EngineTimers {
  set(fire: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** How often an idle, online desk pulls head office's log when nothing else starts a round. */
export const DEFAULT_PULL_INTERVAL_MS = 30_000;

export const realTimers: EngineTimers = {
  set(fire, delayMs) {
    const t = setTimeout(fire, delayMs);
    // The engine must not keep a Node process alive by itself; Electron's main loop keeps the app alive.
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Why the engine's one timer is set: `soon` (start, a kick), `retry` (back-off after a transient
 * failure; a kick does not cut it short) or `poll` (the idle pull interval; a kick replaces it).
 */
export type TimerKind = 'soon' | 'retry' | 'poll';
