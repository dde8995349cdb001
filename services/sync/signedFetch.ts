import { syncErrorBody, type SyncErrorBody } from '../../core/sync/protocol';
import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import { signedHeaders, type SyncSecretProvider } from './signer';
import type { ClockOffset, Enrollment, SyncStateStore } from './syncState';

/** Resends in a row after a 401 REPLAYED before leaving it to the back-off timer. */
const MAX_REPLAY_RESENDS = 3;
/**
 * A 401 whose HTTP Date differs from our estimate of head-office time by more than this is taken
 * as clock skew (the signature timestamp fell outside the server's window): the offset is
 * corrected from the Date header and the request retried once, so a PC whose clock is off by
 * hours or days never wedges before its first successful exchange (SYNC.md fault 7).
 */
const SKEW_SUSPECT_MS = 60_000;

/** What a client of head office works with: the push, the pull and the roster download. */
export interface HeadOfficeRequester {
  kdb: KioskDatabase;
  clock: Clock;
  secret: SyncSecretProvider;
  state: SyncStateStore;
  offset: ClockOffset;
  fetch?: typeof fetch;
}

/** How many skew retries and replay resends are spent; a caller may share one across its requests. */
export interface ResendBudget {
  skewRetried: boolean;
  replays: number;
}

export type SignedAnswer =
  /** The request never got an answer (refused connection, timeout, reset). */
  | { kind: 'network'; error: unknown }
  /** Head office kept answering 401 REPLAYED after every resend. */
  | { kind: 'replayed'; what: string }
  /** Any other answer; `t0`/`t1` bracket the attempt that got it, on the local clock. */
  | { kind: 'answer'; res: Response; text: string; json: unknown; err: SyncErrorBody | null; what: string; t0: number; t1: number };

/**
 * A signed request to head office. A 401 REPLAYED (a copy of the request — a retrying proxy —
 * reached head office first) is resent with a fresh nonce, which signedHeaders draws on every
 * attempt; head office answers processed work with its stored results. A 401 that looks like clock
 * skew corrects `offset` from the Date header and retries once; the caller persists the offset.
 */
export async function signedFetch(
  o: Pick<HeadOfficeRequester, 'clock' | 'secret' | 'offset' | 'fetch'>,
  enrollment: Enrollment,
  request: { method: 'GET' | 'POST'; path: string; body?: string; timeoutMs: number },
  budget: ResendBudget = { skewRetried: false, replays: 0 },
): Promise<SignedAnswer> {
  const fetchFn = o.fetch ?? fetch;
  const body = request.body ?? '';
  for (;;) {
    const t0 = o.clock.now().getTime();
    let res: Response;
    let text: string;
    try {
      const signed = signedHeaders({
        method: request.method,
        path: request.path,
        body,
        deviceId: enrollment.deviceId,
        secret: o.secret.secret(),
        timestampMs: t0 + o.offset.get(),
      });
      res = await fetchFn(new URL(request.path, enrollment.serverUrl), {
        method: request.method,
        headers: request.method === 'POST' ? { 'content-type': 'application/json', ...signed } : signed,
        ...(request.method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      return { kind: 'network', error };
    }
    const t1 = o.clock.now().getTime();
    const json = safeJson(text);
    const parsed = res.status === 200 ? null : syncErrorBody.safeParse(json);
    const err = parsed?.success ? parsed.data : null;
    const what = `${res.status}${err ? ` ${err.code}: ${err.message}` : ''}`;
    if (res.status === 401 && err?.code === 'REPLAYED') {
      if (++budget.replays <= MAX_REPLAY_RESENDS) continue;
      return { kind: 'replayed', what };
    }
    if (res.status === 401 && !budget.skewRetried) {
      const estimate = Date.parse(res.headers.get('date') ?? '') - (t0 + t1) / 2;
      if (Number.isFinite(estimate) && Math.abs(estimate - o.offset.get()) > SKEW_SUSPECT_MS) {
        budget.skewRetried = true;
        o.offset.set(estimate);
        continue;
      }
    }
    return { kind: 'answer', res, text, json, err, what, t0, t1 };
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
