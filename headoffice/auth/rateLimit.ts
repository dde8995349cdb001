/**
 * Per-key token buckets (SECURITY.md "Head-office API": per-device rate limits). A bucket holds
 * up to `burst` tokens and refills `perSecond`; a request takes one token or is refused with the
 * seconds until the next token (the 429's Retry-After). In memory, per process, like the nonce
 * cache: one head-office process; several processes need a shared store.
 *
 * A week-offline drain is about 45 pushes of 500 mutations, well inside a device's burst; a
 * device looping on a bug, or a script guessing enrollment codes, is slowed to the refill rate.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** Signed requests, per enrolled device. */
export const DEVICE_RATE_LIMIT: RateLimit = { burst: 120, perSecond: 20 };
/** Enrollment and failed authentication, per remote address: slows code and secret guessing. */
export const ANONYMOUS_RATE_LIMIT: RateLimit = { burst: 30, perSecond: 0.5 };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes a token for `key`: 0 when allowed, else the whole seconds to wait (≥ 1). */
  take(key: string, now: number): number {
    const b = this.refilled(key, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  /** Like `take` without taking: 0 while a token is there, else the seconds to wait. */
  waitFor(key: string, now: number): number {
    const b = this.refilled(key, now);
    return b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  private refilled(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      b = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, b);
      return b;
    }
    // A clock that steps back never adds tokens.
    const elapsed = Math.max(0, now - b.at) / 1000;
    b.tokens = Math.min(this.limit.burst, b.tokens + elapsed * this.limit.perSecond);
    b.at = now;
    return b;
  }

  /** Full buckets carry no state worth keeping; drop them, then the oldest if still too many. */
  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (Math.max(0, now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
    }
    while (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
