import type { SignedAnswer } from './signedFetch';
import type { Wire } from './pushWire';

/** The push client's batches in flight (services/sync/pushClient.ts). */

/** What a batch was planned for: a batch sent ahead is used only if the next turn of the loop has the same. */
export interface BatchKey {
  cursor: number;
  cap: number;
  byteCap: number;
  deviceId: string;
  serverBranch: string;
}

/** A batch whose request has been sent. */
export interface InFlight {
  key: BatchKey;
  batch: Wire[];
  body: string;
  firstSeq: number;
  lastSeq: number;
  answer: Promise<SignedAnswer>;
  /** Sent while the batch before it was still unanswered. */
  sentAhead: boolean;
}

export function sameKey(a: BatchKey, b: BatchKey): boolean {
  return a.cursor === b.cursor && a.cap === b.cap && a.byteCap === b.byteCap && a.deviceId === b.deviceId && a.serverBranch === b.serverBranch;
}
