/**
 * Staff PIN rules and sign-in throttling (SECURITY.md "Staff and access"). Pure: the service
 * (services/staff/staffAuth.ts) applies them to the staff row and the clock.
 */

export const PIN_LENGTH = 6;

export type PinProblem = 'format' | 'trivial';

/**
 * ASCII digits only: a full-width '１２３４５６' typed through an IME must be refused rather
 * than stored as a different PIN from the one the keypad produces.
 */
const PIN_FORMAT = /^[0-9]{6}$/;

/**
 * Trivial PINs are the first ones an onlooker or a colleague would try: a digit repeated, a
 * short block repeated (121212, 123123 — "all the same digit" generalised to periods of 2 and
 * 3), and ascending or descending runs, also those wrapping past 9/0 (789012, 210987).
 * 1,110 of the 1,000,000 six-digit PINs: a negligible loss of key space.
 */
export function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  for (const period of [1, 2, 3]) {
    if (digits.every((d, i) => i < period || d === digits[i - period])) return true;
  }
  for (const step of [1, 9]) {
    // +9 ≡ −1 (mod 10): descending runs, with the same wrap as ascending ones.
    if (digits.every((d, i) => i === 0 || d === (digits[i - 1]! + step) % 10)) return true;
  }
  return false;
}

/** Why a new PIN is refused, or null when it is acceptable. */
export function pinProblem(pin: string): PinProblem | null {
  if (!PIN_FORMAT.test(pin)) return 'format';
  if (isTrivialPin(pin)) return 'trivial';
  return null;
}

/** Failures allowed before the first lockout. */
export const FAILURES_BEFORE_LOCK = 5;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Lockout after the 5th, 6th, 7th failure; the last entry is the cap for every later one. */
const LOCKOUT_STEPS_MS = [30 * SECOND, 1 * MINUTE, 5 * MINUTE, 15 * MINUTE] as const;
export const MAX_LOCKOUT_MS = LOCKOUT_STEPS_MS[LOCKOUT_STEPS_MS.length - 1]!;

/**
 * How long to lock a staff account after its `failedAttempts`-th consecutive failure, in ms.
 * 0 below the threshold; then escalating to a cap, so a forgetful colleague waits seconds while
 * guessing a 6-digit PIN takes years (one guess per 15 min ≈ 96 a day).
 * Non-finite or negative counts (a corrupt row) are treated as 0 failures: the counter is
 * written only by the service, and locking someone out forever for a bad value would be worse.
 */
export function nextLockout(failedAttempts: number): number {
  if (!Number.isFinite(failedAttempts) || failedAttempts < FAILURES_BEFORE_LOCK) return 0;
  const step = Math.floor(failedAttempts) - FAILURES_BEFORE_LOCK;
  return LOCKOUT_STEPS_MS[Math.min(step, LOCKOUT_STEPS_MS.length - 1)]!;
}

/** Wrong PINs still allowed before the next one locks the account (0 once past the threshold). */
export function attemptsLeftBeforeLock(failedAttempts: number): number {
  if (!Number.isFinite(failedAttempts) || failedAttempts < 0) return FAILURES_BEFORE_LOCK;
  return Math.max(0, FAILURES_BEFORE_LOCK - Math.floor(failedAttempts));
}

/** A desk session idle for this long locks; the staff member re-enters the PIN. */
export const INACTIVITY_LOCK_MS = 5 * MINUTE;
