import { fitsAlone, halveBatch, planBatch } from '../../core/sync/batch';
import {
  DROPPED_MUTATION_NAME,
  MAX_PUSH_BYTES,
  MAX_PUSH_MUTATIONS,
  pushResponse,
  syncErrorBody,
  type MutationResult,
  type PushMutation,
  type SyncErrorBody,
} from '../../core/sync/protocol';
import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import { sha256Hex, signedHeaders, type SyncSecretProvider } from './signer';
import type { ClockOffset, SyncStateStore } from './syncState';

export const PUSH_PATH = '/v1/push';
/** The code a mutation too large to ever be sent is rejected with, locally. */
export const LOCAL_TOO_LARGE = 'LOCAL_TOO_LARGE';
/** More OUT_OF_ORDER answers in a row than this, without progress, and the client stops. */
/** Resends in a row after a 401 REPLAYED before leaving it to the back-off timer. */
const MAX_REPLAY_RESENDS = 3;
const MAX_OUT_OF_ORDER_STREAK = 3;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * A 401 whose HTTP Date differs from our estimate of head-office time by more than this is taken
 * as clock skew (the signature timestamp fell outside the server's window): the offset is
 * corrected from the Date header and the request retried once, so a PC whose clock is off by
 * hours or days never wedges before its first successful exchange (SYNC.md fault 7).
 */
const SKEW_SUSPECT_MS = 60_000;

export type PushOutcome =
  /** Nothing left after the cursor. */
  | { kind: 'drained'; sent: number }
  /** The engine is stopping; the rest waits for the next start. */
  | { kind: 'stopped'; sent: number }
  /** A transient failure (network, 5xx, 429): keep the rows, retry later on a timer. */
  | { kind: 'retry'; error: string }
  /** A failure retrying cannot fix (diverged, update required, not authorised): stop and show it. */
  | { kind: 'halted'; code: string; error: string };

export interface PushClientOptions {
  kdb: KioskDatabase;
  clock: Clock;
  secret: SyncSecretProvider;
  state: SyncStateStore;
  offset: ClockOffset;
  fetch?: typeof fetch;
  maxCount?: number;
  maxBytes?: number;
  requestTimeoutMs?: number;
  /**
   * This desk's own branch id. When head office enrolled the PC under another id, `branch_id`
   * (and `branchId`) fields holding this id are sent as head office's id (DECISIONS.md).
   */
  localBranchId?: string;
}

interface OutboxRow {
  seq: number;
  client_id: string;
  mutation_id: string;
  name: string;
  version: number;
  args: string;
  args_hash: string;
  hlc: string;
  device_time: string;
  status: 'pending' | 'applied' | 'rejected';
  last_error: string | null;
}

interface Wire {
  row: OutboxRow;
  json: string;
  bytes: number;
  dropped: boolean;
}

/**
 * Pushes the outbox to head office in seq order (SYNC.md "Branch side"). One `drain()` at a time
 * (the engine makes sure); every decision about a row is committed in one SQLite transaction
 * together with the cursor `last_acked_seq`, so a crash anywhere leaves a state the next drain
 * resumes from — the server answers a resent seq with its stored result.
 */
export class PushClient {
  private readonly fetchFn: typeof fetch;
  private readonly maxCount: number;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  /** The batch size the server last accepted; halved on 413, grown back on success. */
  private cap: number;
  /** Bytes below the smallest body head office refused with 413; batches are planned under it. */
  private byteCap: number;
  private readonly selectAfter;
  private readonly markResult;
  private readonly markAcked;
  private readonly bumpAttempts;
  private readonly markDropped;
  private readonly countPending;

  constructor(private readonly o: PushClientOptions) {
    this.fetchFn = o.fetch ?? fetch;
    this.maxCount = Math.min(o.maxCount ?? MAX_PUSH_MUTATIONS, MAX_PUSH_MUTATIONS);
    this.maxBytes = Math.min(o.maxBytes ?? MAX_PUSH_BYTES, MAX_PUSH_BYTES);
    this.timeoutMs = o.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.cap = this.maxCount;
    this.byteCap = this.maxBytes;
    const s = o.kdb.sqlite;
    this.selectAfter = s.prepare<[number, number], OutboxRow>(
      'SELECT seq, client_id, mutation_id, name, version, args, args_hash, hlc, device_time, status, last_error FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.markResult = s.prepare('UPDATE sync_outbox SET status = ?, result = ?, last_error = ? WHERE seq = ?');
    this.markAcked = s.prepare("UPDATE sync_outbox SET status = 'applied', last_error = NULL WHERE seq > ? AND seq < ? AND status = 'pending'");
    this.bumpAttempts = s.prepare('UPDATE sync_outbox SET attempts = attempts + 1 WHERE seq >= ? AND seq <= ?');
    this.markDropped = s.prepare("UPDATE sync_outbox SET status = 'rejected', result = ?, last_error = ? WHERE seq = ?");
    this.countPending = s.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'pending'").pluck();
  }

  pendingCount(): number {
    return this.countPending.get() as number;
  }

  /** Pushes until nothing is left after the cursor, a failure, or `keepGoing()` turns false (checked between requests). */
  async drain(keepGoing: () => boolean = () => true): Promise<PushOutcome> {
    let sent = 0;
    let outOfOrderStreak = 0;
    let skewRetried = false;
    let replays = 0;
    for (;;) {
      if (!keepGoing()) return { kind: 'stopped', sent };
      const state = this.o.state.read();
      if (!state.enrollment) return { kind: 'halted', code: 'NOT_ENROLLED', error: 'this PC is not enrolled with head office' };
      const map = branchMap(this.o.localBranchId, state.enrollment.branchId);
      const rows = this.selectAfter.all(state.lastAckedSeq, this.cap);
      if (rows.length === 0) return { kind: 'drained', sent };
      const clientId = rows[0]!.client_id;
      // One request carries one client's mutations: stop at a change of client id.
      const other = rows.findIndex((r) => r.client_id !== clientId);
      const wires = (other === -1 ? rows : rows.slice(0, other)).map((r) => toWire(r, map));
      const first = wires[0]!;
      if (!first.dropped && !fitsAlone(first.bytes, this.maxBytes)) {
        this.dropLocally(first.row, `${first.bytes} bytes, over the ${this.maxBytes}-byte push limit`);
        continue;
      }
      const n = planBatch(
        wires.map((w) => w.bytes),
        { maxCount: this.cap, maxBytes: this.byteCap },
      );
      const batch = wires.slice(0, n);
      const body = `{"clientId":${JSON.stringify(clientId)},"mutations":[${batch.map((w) => w.json).join(',')}]}`;
      const firstSeq = batch[0]!.row.seq;
      const lastSeq = batch[batch.length - 1]!.row.seq;

      const t0 = this.o.clock.now().getTime();
      let res: Response;
      let text: string;
      try {
        res = await this.fetchFn(new URL(PUSH_PATH, state.enrollment.serverUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...signedHeaders({
              method: 'POST',
              path: PUSH_PATH,
              body,
              deviceId: state.enrollment.deviceId,
              secret: this.o.secret.secret(),
              timestampMs: t0 + this.o.offset.get(),
            }),
          },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (error) {
        this.bumpAttempts.run(firstSeq, lastSeq);
        return { kind: 'retry', error: `network: ${describe(error)}` };
      }
      const t1 = this.o.clock.now().getTime();

      if (res.status === 200) {
        const parsed = pushResponse.safeParse(safeJson(text));
        if (!parsed.success) {
          this.bumpAttempts.run(firstSeq, lastSeq);
          return { kind: 'retry', error: 'head office sent a push response this client cannot read' };
        }
        const r = parsed.data;
        if (r.lastSeq < firstSeq) {
          // The server processed none of the batch and did not say why: treat as transient.
          this.bumpAttempts.run(firstSeq, lastSeq);
          return { kind: 'retry', error: `head office acknowledged up to seq ${r.lastSeq}, before this batch (${firstSeq}…${lastSeq})` };
        }
        const offsetMs = Date.parse(r.serverTime) - (t0 + t1) / 2;
        this.acknowledge(batch, r.results, r.lastSeq, offsetMs);
        this.o.offset.set(offsetMs);
        sent += batch.length;
        this.cap = Math.min(this.maxCount, this.cap * 2);
        outOfOrderStreak = 0;
        continue;
      }

      const err = parseError(text);
      const what = `${res.status}${err ? ` ${err.code}: ${err.message}` : ''}`;
      if (res.status === 413) {
        if (batch.length > 1) {
          this.cap = halveBatch(batch.length);
          // Halve the bytes too and keep that for this client's life, so growing the count back
          // after a success does not meet the same 413 on every other batch.
          this.byteCap = Math.min(this.byteCap, Math.floor(Buffer.byteLength(body) / 2));
          continue;
        }
        if (first.dropped) return { kind: 'halted', code: 'TOO_LARGE', error: `head office refuses even a minimal request (${what})` };
        this.dropLocally(first.row, `refused by head office as too large (${first.bytes} bytes)`);
        continue;
      }
      if (res.status === 409 && err?.code === 'OUT_OF_ORDER' && err.expectedSeq !== undefined) {
        if (++outOfOrderStreak > MAX_OUT_OF_ORDER_STREAK) {
          return { kind: 'halted', code: 'OUT_OF_ORDER', error: `head office keeps expecting seq ${err.expectedSeq}; this client cannot continue (${what})` };
        }
        this.resendFrom(state.lastAckedSeq, err.expectedSeq);
        continue;
      }
      if (res.status === 409) return { kind: 'halted', code: err?.code ?? 'CONFLICT', error: `head office reports this client diverged (${what})` };
      if (res.status === 426) return { kind: 'halted', code: 'VERSION_NOT_SUPPORTED', error: `update required: head office no longer accepts this version (${what})` };
      if (res.status === 401 && err?.code === 'REPLAYED') {
        // A copy of our request reached head office first (a retrying proxy): resend with a
        // fresh nonce; processed mutations answer with their stored results.
        if (++replays <= MAX_REPLAY_RESENDS) continue;
        this.bumpAttempts.run(firstSeq, lastSeq);
        return { kind: 'retry', error: `head office keeps seeing this request as a replay (${what})` };
      }
      if (res.status === 401 && !skewRetried) {
        const serverMs = Date.parse(res.headers.get('date') ?? '');
        const estimate = serverMs - (t0 + t1) / 2;
        if (Number.isFinite(estimate) && Math.abs(estimate - this.o.offset.get()) > SKEW_SUSPECT_MS) {
          skewRetried = true;
          this.o.offset.set(estimate); // persisted with the next success
          continue;
        }
      }
      if (res.status === 401 || res.status === 403) return { kind: 'halted', code: err?.code ?? String(res.status), error: `head office refused this device (${what})` };
      if (res.status === 429 || res.status >= 500) {
        this.bumpAttempts.run(firstSeq, lastSeq);
        return { kind: 'retry', error: `head office unavailable (${what})` };
      }
      return { kind: 'halted', code: err?.code ?? String(res.status), error: `head office refused the push (${what})` };
    }
  }

  /** One transaction: every result, the rows the server acknowledged without one, the cursor, the offset. */
  private acknowledge(batch: Wire[], results: MutationResult[], lastSeq: number, offsetMs: number): void {
    const bySeq = new Map(results.map((r) => [r.seq, r]));
    this.o.kdb.sqlite.transaction(() => {
      for (const w of batch) {
        if (w.row.seq > lastSeq) break;
        if (w.dropped) continue; // already rejected here, with the reason staff need to see
        const r = bySeq.get(w.row.seq);
        if (r && r.mutationId !== w.row.mutation_id) throw new Error(`head office answered seq ${r.seq} with another mutation id`);
        const status = r?.status ?? 'applied';
        this.markResult.run(status, r ? JSON.stringify(r) : null, r?.error ? `${r.error.code}: ${r.error.message}` : null, w.row.seq);
      }
      this.o.state.recordSuccess({ lastAckedSeq: lastSeq, clockOffsetMs: offsetMs, at: this.o.clock.now() });
    })();
  }

  /** OUT_OF_ORDER: the server has processed everything before `expectedSeq`; send from there. */
  private resendFrom(cursor: number, expectedSeq: number): void {
    this.o.kdb.sqlite.transaction(() => {
      this.markAcked.run(cursor, expectedSeq);
      this.o.state.setCursor(Math.max(0, expectedSeq - 1));
    })();
  }

  private dropLocally(row: OutboxRow, why: string): void {
    const message = `${LOCAL_TOO_LARGE}: ${row.name} cannot be sent, ${why}`;
    const result = { seq: row.seq, mutationId: row.mutation_id, status: 'rejected', error: { code: LOCAL_TOO_LARGE, message } };
    this.markDropped.run(JSON.stringify(result), message, row.seq);
  }
}

function isDropped(row: OutboxRow): boolean {
  return row.status === 'rejected' && (row.last_error ?? '').startsWith(LOCAL_TOO_LARGE);
}

/** Local branch id → head office's, when they differ. */
interface BranchMap {
  local: string;
  server: string;
}

function branchMap(local: string | undefined, server: string): BranchMap | null {
  return local && local !== server ? { local, server } : null;
}

/** Keys whose value is a branch id, at any depth (member.register nests the member and its payment). */
const BRANCH_KEYS: ReadonlySet<string> = new Set(['branch_id', 'branchId', 'home_branch_id']);

/** The args with the local branch id replaced by head office's (under BRANCH_KEYS, at any depth), or null when none holds it. */
function mapBranch(argsJson: string, map: BranchMap | null): Record<string, unknown> | null {
  if (!map || !argsJson.includes(map.local)) return null;
  const args = safeJson(argsJson);
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  let changed = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) {
      if (BRANCH_KEYS.has(key) && v === map.local) {
        record[key] = map.server;
        changed = true;
      } else {
        visit(v);
      }
    }
  };
  visit(args);
  return changed ? (args as Record<string, unknown>) : null;
}

function toWire(row: OutboxRow, map: BranchMap | null = null): Wire {
  const dropped = isDropped(row);
  const mapped = dropped ? null : mapBranch(row.args, map);
  let m: PushMutation;
  if (mapped) {
    // Deterministic: a resend maps the same row to the same bytes and hash.
    m = { seq: row.seq, mutationId: row.mutation_id, name: row.name, version: row.version, args: mapped, argsHash: sha256Hex(JSON.stringify(mapped)), hlc: row.hlc, deviceTime: row.device_time };
    const json = JSON.stringify(m);
    return { row, json, bytes: Buffer.byteLength(json), dropped };
  }
  if (dropped) {
    const args = { name: row.name, reason: 'too large to send' };
    m = { seq: row.seq, mutationId: row.mutation_id, name: DROPPED_MUTATION_NAME, version: 1, args, argsHash: sha256Hex(JSON.stringify(args)), hlc: row.hlc, deviceTime: row.device_time };
  } else {
    // args is already JSON text (db/outbox.ts); it is spliced in as-is so the hash the server checks is of these very bytes.
    m = { seq: row.seq, mutationId: row.mutation_id, name: row.name, version: row.version, args: {}, argsHash: row.args_hash, hlc: row.hlc, deviceTime: row.device_time };
  }
  const json = dropped ? JSON.stringify(m) : JSON.stringify(m).replace('"args":{}', `"args":${row.args}`);
  return { row, json, bytes: Buffer.byteLength(json), dropped };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseError(text: string): SyncErrorBody | null {
  const parsed = syncErrorBody.safeParse(safeJson(text));
  return parsed.success ? parsed.data : null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
