/**
 * Decoder for keyboard-emulating ("wedge") card readers: turns the renderer's keydown stream into
 * card reads, and gives human typing back untouched.
 *
 * Why physical codes only: the reader emits scan codes, so `KeyboardEvent.code` is 'Digit1' on
 * every layout, while `key` is '&' on AZERTY and 'Process' under an active IME. We never look at
 * `key` or at composition text, so an AZERTY desk or a Chinese IME left on still reads cards.
 *
 * Why timing: a reader types a whole number within a few ms per key; a person needs ~100 ms+.
 * Keys are held back while they could still be a burst and released (given back in order) as soon
 * as they cannot be — a gap longer than `maxInterKeyMs`, a foreign key, auto-repeat, Enter too
 * early, or too many digits.
 *
 * Caller contract, per `push`: the LAST output is the fate of the pushed key —
 *   'pending'        → hold it (preventDefault; keep the original event in a FIFO),
 *   'card'/'repeat'  → it was the terminator; it and everything held were consumed,
 *   'release'        → its codes end with the pushed key; replay them all in order,
 *   'ignore'         → let it through natively (only ever returned when nothing was released).
 * Earlier outputs, if any, are a single release of previously held keys. So: preventDefault unless
 * the result is exactly [ignore], and a FIFO of held events can be popped `codes.length` at a time.
 *
 * Times must be monotonic (KeyboardEvent.timeStamp / performance.now, not wall-clock).
 */

export interface WedgeProfile {
  /** Longest gap between two digits of one machine burst. */
  maxInterKeyMs: number;
  /** Shortest card number accepted (shorter bursts ending in Enter are human). */
  minLength: number;
  /** Longest card number; a longer burst is released as garbage. */
  maxLength: number;
  /** 'hex' readers also type KeyA–KeyF. */
  charset: 'dec' | 'hex';
  /** Same number again within this window (sliding) is a card left on the reader. */
  debounceMs: number;
  terminator: 'Enter';
}

export const DEFAULT_WEDGE_PROFILE: Readonly<WedgeProfile> = Object.freeze({
  maxInterKeyMs: 35,
  minLength: 8,
  maxLength: 20,
  charset: 'dec',
  debounceMs: 1500,
  terminator: 'Enter',
});

export interface WedgeKey {
  code: string;
  timeMs: number;
  /** Accepted and deliberately unused: codes are still physical keys while an IME composes. */
  isComposing?: boolean;
  repeat?: boolean;
}

export type WedgeOutput =
  | { type: 'card'; raw: string }
  | { type: 'repeat'; raw: string }
  | { type: 'pending' }
  | { type: 'release'; codes: string[] }
  | { type: 'ignore' };

export interface WedgeDecoder {
  push(key: WedgeKey): WedgeOutput[];
  /** Call from a timer; releases held keys once the burst has gone quiet. */
  tick(nowMs: number): WedgeOutput[];
  /** Earliest time at which `tick` would release something, or null when nothing is held. */
  releaseDueMs(): number | null;
  /** Forgets held keys (not given back) and the debounce memory. */
  reset(): void;
}

const TERMINATOR_CODES: ReadonlySet<string> = new Set(['Enter', 'NumpadEnter']);
/**
 * Keys a reader may interleave without breaking a burst: readers set up for AZERTY or for
 * upper-case hex press Shift around digits/letters. Held mid-burst, but never start one.
 */
const NEUTRAL_CODES: ReadonlySet<string> = new Set(['ShiftLeft', 'ShiftRight']);

const DIGIT_RE = /^(?:Digit|Numpad)([0-9])$/;
const HEX_LETTER_RE = /^Key([A-F])$/;

/** The character a reader means by a physical key, or null if it is not part of a card number. */
export function codeToChar(code: string, charset: WedgeProfile['charset']): string | null {
  const digit = DIGIT_RE.exec(code);
  if (digit) return digit[1]!;
  if (charset === 'hex') {
    const letter = HEX_LETTER_RE.exec(code);
    if (letter) return letter[1]!;
  }
  return null;
}

export function createWedgeDecoder(overrides: Partial<WedgeProfile> = {}): WedgeDecoder {
  const p = resolveProfile(overrides);

  /** Codes held back, in order: the burst's characters plus any interleaved Shift. */
  let held: string[] = [];
  /** The card number typed so far (characters of `held`). */
  let chars = '';
  /** Time of the last character key; only characters count, so Shift cannot prolong a hold. */
  let lastCharMs = 0;
  /**
   * Tail of an over-long burst, already released: pass it through until it goes quiet or ends,
   * so its last digits are not mistaken for a fresh, valid-length card.
   */
  let overflow = false;
  let lastCard: { raw: string; timeMs: number } | null = null;

  function releaseHeld(extra?: string): WedgeOutput {
    const codes = extra === undefined ? held : [...held, extra];
    held = [];
    chars = '';
    return { type: 'release', codes };
  }

  function expire(nowMs: number): WedgeOutput[] {
    if (held.length === 0 && !overflow) return [];
    if (nowMs - lastCharMs <= p.maxInterKeyMs) return [];
    overflow = false;
    return held.length > 0 ? [releaseHeld()] : [];
  }

  function push(key: WedgeKey): WedgeOutput[] {
    const out = expire(key.timeMs);

    // The pushed key goes through natively — unless something was just released, in which case
    // it joins that release so a caller replaying asynchronously still keeps the order.
    const passThrough = (): WedgeOutput[] => {
      const last = out[out.length - 1];
      if (last?.type === 'release') last.codes.push(key.code);
      else out.push({ type: 'ignore' });
      return out;
    };

    // Auto-repeat means a finger is on a key: never part of a card, and whatever was held is human.
    if (key.repeat) {
      if (held.length > 0) out.push(releaseHeld(key.code));
      else return passThrough();
      return out;
    }

    const ch = codeToChar(key.code, p.charset);
    if (ch !== null) {
      lastCharMs = key.timeMs;
      if (overflow) return passThrough();
      held.push(key.code);
      chars += ch;
      if (chars.length > p.maxLength) {
        overflow = true;
        out.push(releaseHeld());
      } else {
        out.push({ type: 'pending' });
      }
      return out;
    }

    if (TERMINATOR_CODES.has(key.code)) {
      if (overflow) {
        overflow = false;
        return passThrough();
      }
      if (held.length === 0) return passThrough();
      if (chars.length < p.minLength) {
        out.push(releaseHeld(key.code)); // the human's Enter must reach the page
        return out;
      }
      const raw = chars;
      held = [];
      chars = '';
      const isRepeat = lastCard !== null && lastCard.raw === raw && key.timeMs - lastCard.timeMs <= p.debounceMs;
      // Sliding window: a card resting on the reader keeps re-reading and must stay a repeat.
      lastCard = { raw, timeMs: key.timeMs };
      out.push(isRepeat ? { type: 'repeat', raw } : { type: 'card', raw });
      return out;
    }

    if (held.length > 0) {
      if (NEUTRAL_CODES.has(key.code)) {
        held.push(key.code);
        out.push({ type: 'pending' });
      } else {
        out.push(releaseHeld(key.code)); // a foreign key inside a "burst": it was a person
      }
      return out;
    }
    return passThrough();
  }

  return {
    push,
    tick: expire,
    releaseDueMs: () => (held.length > 0 ? lastCharMs + p.maxInterKeyMs + 1 : null),
    reset() {
      held = [];
      chars = '';
      overflow = false;
      lastCard = null;
    },
  };
}

function resolveProfile(overrides: Partial<WedgeProfile>): WedgeProfile {
  const p: WedgeProfile = { ...DEFAULT_WEDGE_PROFILE, ...stripUndefined(overrides) };
  if (!(Number.isFinite(p.maxInterKeyMs) && p.maxInterKeyMs >= 0)) throw new RangeError('maxInterKeyMs must be ≥ 0');
  if (!(Number.isFinite(p.debounceMs) && p.debounceMs >= 0)) throw new RangeError('debounceMs must be ≥ 0');
  if (!(Number.isInteger(p.minLength) && p.minLength >= 1)) throw new RangeError('minLength must be an integer ≥ 1');
  if (!(Number.isInteger(p.maxLength) && p.maxLength >= p.minLength)) {
    throw new RangeError('maxLength must be an integer ≥ minLength');
  }
  if (p.charset !== 'dec' && p.charset !== 'hex') throw new RangeError('charset must be dec or hex');
  if (p.terminator !== 'Enter') throw new RangeError('only Enter is supported as terminator');
  return p;
}

/** Profiles come from settings JSON; an explicit undefined must not wipe a default. */
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
