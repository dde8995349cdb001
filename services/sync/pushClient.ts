import { fitsAlone, halveBatch, planBatch } from '../../core/sync/batch';
import { MAX_PUSH_BYTES, MAX_PUSH_MUTATIONS, pushResponse, type MutationResult } from '../../core/sync/protocol';
import { type BranchMap, branchMap, LOCAL_TOO_LARGE, type OutboxRow, toWire, type Wire } from './pushWire';
import { type HeadOfficeRequester, type ResendBudget, signedFetch } from './signedFetch';
import { type BatchKey, type InFlight, sameKey } from './pushInFlight';
import type { Enrollment } from './syncState';

export { LOCAL_TOO_LARGE } from './pushWire';
export const PUSH_PATH = '/v1/push';
/** More OUT_OF_ORDER answers in a row than this, without progress, and the client stops. */
const MAX_OUT_OF_ORDER_STREAK = 3;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Batches sent ahead of the one being answered while head office takes them whole. Two: head
 * office then has the next batch's early work done when it finishes one (with one, it often
 * waited for it); a week's drain about 5 % faster than with one (bench/README.md "Latest sync run").
 */
const AHEAD = 2;

export type PushOutcome =
  /** Nothing left after the cursor. */
  | { kind: 'drained'; sent: number }
  /** The engine is stopping; the rest waits for the next start. */
  | { kind: 'stopped'; sent: number }
  /** A transient failure (network, 5xx, 429): keep the rows, retry later on a timer. */
  | { kind: 'retry'; error: string }
  /** A failure retrying cannot fix (diverged, update required, not authorised): stop and show it. */
  | { kind: 'halted'; code: string; error: string };

export interface PushClientOptions extends HeadOfficeRequester {
  maxCount?: number;
  maxBytes?: number;
  requestTimeoutMs?: number;
  /**
   * This desk's own branch id. When head office enrolled the PC under another id, `branch_id`
   * (and `branchId`) fields holding this id are sent as head office's id (DECISIONS.md).
   */
  localBranchId?: string;
}

/**
 * Pushes the outbox to head office in seq order (SYNC.md "Branch side"). One `drain()` at a time
 * (the engine makes sure); every decision about a row is committed in one SQLite transaction
 * together with the cursor `last_acked_seq`, so a crash anywhere leaves a state the next drain
 * resumes from — the server answers a resent seq with its stored result.
 */
export class PushClient {
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
  private readonly markAppliedRun;
  private readonly bumpAttempts;
  private readonly markDropped;
  private readonly countPending;
  /** Head office's last answer took a whole batch (nothing has been sent yet counts as one). */
  private lastTakenWhole = true;

  constructor(private readonly o: PushClientOptions) {
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
    // A plainly applied row keeps no result: {seq, mutationId, status} is the row itself, and
    // writing it grew every row of the run (SQLite then rebalances pages instead of rewriting
    // in place). Only a refusal's result is read (the sync-issues screen).
    this.markAppliedRun = s.prepare("UPDATE sync_outbox SET status = 'applied', last_error = NULL WHERE seq BETWEEN ? AND ?");
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
    // Skew retries and replay resends are counted across the drain, not per request.
    const budget: ResendBudget = { skewRetried: false, replays: 0 };
    // The next batches, already sent while the current one is being answered (see `sendNext`):
    // AHEAD of them, so head office always has the next one ready when it finishes one.
    let ahead: InFlight[] = [];
    /** Waits out a batch sent ahead that will not be used; head office answers its resend from what it stored. */
    const dropAhead = async () => {
      for (const dropped of ahead) await dropped.answer;
      ahead = [];
    };
    for (;;) {
      if (ahead.length === 0 && !keepGoing()) return { kind: 'stopped', sent };
      const state = this.o.state.read();
      if (!state.enrollment) {
        await dropAhead();
        return { kind: 'halted', code: 'NOT_ENROLLED', error: 'this PC is not enrolled with head office' };
      }
      const enrollment = state.enrollment;
      const map = branchMap(this.o.localBranchId, enrollment.branchId);
      const key: BatchKey = { cursor: state.lastAckedSeq, cap: this.cap, byteCap: this.byteCap, deviceId: enrollment.deviceId, serverBranch: enrollment.branchId };
      let current: InFlight;
      if (ahead.length > 0 && sameKey(ahead[0]!.key, key)) {
        current = ahead.shift()!;
      } else {
        await dropAhead();
        const wires = this.readWires(key.cursor, key.cap, map);
        if (wires.length === 0) return { kind: 'drained', sent };
        const first = wires[0]!;
        if (!first.dropped && !fitsAlone(first.bytes, this.maxBytes)) {
          this.dropLocally(first.row, `${first.bytes} bytes, over the ${this.maxBytes}-byte push limit`);
          continue;
        }
        current = this.send(key, wires, enrollment, budget);
      }
      const { batch, body, firstSeq, lastSeq } = current;
      // Batches are sent ahead while head office takes them whole — from the start of a drain when
      // the last answer of the one before was such a success (a PC back from a week offline gets
      // its second batch going during the first): a refusing or failing head office (413 while the
      // byte limit is learnt, 503, unreachable) is not sent two at a time again until it takes one.
      // One ahead until head office has taken a batch whole in this drain, then AHEAD.
      while (this.lastTakenWhole && ahead.length < (sent > 0 ? AHEAD : 1) && keepGoing()) {
        const next = await this.sendNext(ahead[ahead.length - 1] ?? current, map, enrollment, budget);
        if (!next) break;
        ahead.push(next);
      }
      this.lastTakenWhole = false;
      const a = await current.answer;
      if (current.sentAhead && !(a.kind === 'answer' && a.res.status === 200)) {
        // Sent before the batch it follows was answered, so whatever went wrong with it — a stale
        // OUT_OF_ORDER (it overtook that batch), a 401 signed with the clock offset corrected
        // meanwhile, a 413 at a grown size, a lost connection — it is sent again from the cursor,
        // alone, and that answer is handled as usual.
        await dropAhead();
        continue;
      }
      if (a.kind !== 'answer') {
        await dropAhead();
        this.bumpAttempts.run(firstSeq, lastSeq);
        // Unanswered, or every resend met a REPLAYED: keep the rows and retry on the timer.
        return { kind: 'retry', error: a.kind === 'network' ? `network: ${describe(a.error)}` : `head office keeps seeing this request as a replay (${a.what})` };
      }
      const { res, err, what, t0, t1 } = a;

      if (res.status === 200) {
        const parsed = pushResponse.safeParse(a.json);
        if (!parsed.success) {
          await dropAhead();
          this.bumpAttempts.run(firstSeq, lastSeq);
          return { kind: 'retry', error: 'head office sent a push response this client cannot read' };
        }
        const r = parsed.data;
        if (r.lastSeq < firstSeq) {
          // The server processed none of the batch and did not say why: treat as transient.
          await dropAhead();
          this.bumpAttempts.run(firstSeq, lastSeq);
          return { kind: 'retry', error: `head office acknowledged up to seq ${r.lastSeq}, before this batch (${firstSeq}…${lastSeq})` };
        }
        const offsetMs = Date.parse(r.serverTime) - (t0 + t1) / 2;
        // Head office may have processed past this batch (a batch sent ahead by a process that
        // died, or whose answer was lost): those rows' results are not in this answer, so the
        // cursor stops at this batch's end and the next batch fetches them from what it stored.
        this.acknowledge(batch, r.results, Math.min(r.lastSeq, lastSeq), offsetMs);
        this.o.offset.set(offsetMs);
        sent += batch.length;
        this.cap = Math.min(this.maxCount, this.cap * 2);
        outOfOrderStreak = 0;
        this.lastTakenWhole = r.lastSeq >= lastSeq;
        // The batch sent ahead is used by the next turn when this one was taken whole (its key matches).
        continue;
      }

      // Every answer below changes the cursor or the caps, or ends the drain: the batch sent ahead, if any, is not used.
      await dropAhead();
      if (res.status === 413) {
        if (batch.length > 1) {
          this.cap = halveBatch(batch.length);
          // Halve the bytes too and keep that for this client's life, so growing the count back
          // after a success does not meet the same 413 on every other batch.
          this.byteCap = Math.min(this.byteCap, Math.floor(Buffer.byteLength(body) / 2));
          continue;
        }
        if (batch[0]!.dropped) return { kind: 'halted', code: 'TOO_LARGE', error: `head office refuses even a minimal request (${what})` };
        this.dropLocally(batch[0]!.row, `refused by head office as too large (${batch[0]!.bytes} bytes)`);
        continue;
      }
      if (res.status === 409 && err?.code === 'OUT_OF_ORDER' && err.expectedSeq !== undefined) {
        if (++outOfOrderStreak > MAX_OUT_OF_ORDER_STREAK) {
          return { kind: 'halted', code: 'OUT_OF_ORDER', error: `head office keeps expecting seq ${err.expectedSeq}; this client cannot continue (${what})` };
        }
        this.resendFrom(current.key.cursor, err.expectedSeq);
        continue;
      }
      if (res.status === 409) return { kind: 'halted', code: err?.code ?? 'CONFLICT', error: `head office reports this client diverged (${what})` };
      if (res.status === 426) return { kind: 'halted', code: 'VERSION_NOT_SUPPORTED', error: `update required: head office no longer accepts this version (${what})` };
      if (res.status === 401 || res.status === 403) return { kind: 'halted', code: err?.code ?? String(res.status), error: `head office refused this device (${what})` };
      if (res.status === 429 || res.status >= 500) {
        this.bumpAttempts.run(firstSeq, lastSeq);
        return { kind: 'retry', error: `head office unavailable (${what})` };
      }
      return { kind: 'halted', code: err?.code ?? String(res.status), error: `head office refused the push (${what})` };
    }
  }

  /** Plans the batch from `wires` (read for `key`) and starts its request. */
  private send(key: BatchKey, wires: Wire[], enrollment: Enrollment, budget: ResendBudget, sentAhead = false): InFlight {
    const n = planBatch(
      wires.map((w) => w.bytes),
      { maxCount: key.cap, maxBytes: key.byteCap },
    );
    const batch = wires.slice(0, n);
    const clientId = batch[0]!.row.client_id;
    const body = `{"clientId":${JSON.stringify(clientId)},"mutations":[${batch.map((w) => w.json).join(',')}]}`;
    const answer = signedFetch(this.o, enrollment, { method: 'POST', path: PUSH_PATH, body, timeoutMs: this.timeoutMs }, budget);
    return { key, batch, body, firstSeq: batch[0]!.row.seq, lastSeq: batch[batch.length - 1]!.row.seq, answer, sentAhead };
  }

  /**
   * Sends the batch after `current` while head office works on `current`, for the case it is
   * taken whole (the usual case), so the desk's reading, encoding and acknowledging and head
   * office's parsing overlap the other side's work instead of adding to every round trip. The
   * batch is keyed as the next turn of the loop will be after that success; any other outcome
   * changes the key, and the batch sent ahead is waited out and sent again from the cursor.
   * Head office applies a client's batches in seq order (a gap is refused OUT_OF_ORDER), so it
   * can never be applied before `current`; one that was applied is answered from what head office
   * stored when it comes again. Null when nothing follows or the next row needs the loop's care
   * (too large to send); after a macrotask, so `current`'s request is written first.
   */
  private sendNext(current: InFlight, map: BranchMap | null, enrollment: Enrollment, budget: ResendBudget): Promise<InFlight | null> {
    const key: BatchKey = { ...current.key, cursor: current.lastSeq, cap: Math.min(this.maxCount, current.key.cap * 2) };
    return new Promise((resolve) => {
      setTimeout(() => {
        try {
          const wires = this.readWires(key.cursor, key.cap, map);
          const first = wires[0];
          if (!first || (!first.dropped && !fitsAlone(first.bytes, this.maxBytes))) return resolve(null);
          resolve(this.send(key, wires, enrollment, budget, true));
        } catch {
          // The database cannot be read (closing): the loop reads afresh, or has stopped.
          resolve(null);
        }
      }, 0);
    });
  }

  /** The pending rows after `cursor` (at most `cap`, one client id) encoded for the wire. */
  private readWires(cursor: number, cap: number, map: BranchMap | null): Wire[] {
    const rows = this.selectAfter.all(cursor, cap);
    if (rows.length === 0) return [];
    const clientId = rows[0]!.client_id;
    // One request carries one client's mutations: stop at a change of client id.
    const other = rows.findIndex((r) => r.client_id !== clientId);
    return (other === -1 ? rows : rows.slice(0, other)).map((r) => toWire(r, map));
  }

  /** One transaction: every result, the rows the server acknowledged without one, the cursor, the offset. */
  private acknowledge(batch: Wire[], results: MutationResult[], lastSeq: number, offsetMs: number): void {
    const bySeq = new Map(results.map((r) => [r.seq, r]));
    this.o.kdb.sqlite.transaction(() => {
      // Runs of plainly applied rows (nearly all) are marked with one statement per run.
      let run: { from: number; to: number } | null = null;
      const endRun = () => {
        if (run) this.markAppliedRun.run(run.from, run.to);
        run = null;
      };
      for (const w of batch) {
        if (w.row.seq > lastSeq) break;
        const r = bySeq.get(w.row.seq);
        if (r && r.mutationId !== w.row.mutation_id) throw new Error(`head office answered seq ${r.seq} with another mutation id`);
        if (!w.dropped && r?.status === 'applied' && !r.error) {
          if (run && run.to === w.row.seq - 1) run.to = w.row.seq;
          else {
            endRun();
            run = { from: w.row.seq, to: w.row.seq };
          }
          continue;
        }
        endRun();
        if (w.dropped) continue; // already rejected here, with the reason staff need to see
        const status = r?.status ?? 'applied';
        this.markResult.run(status, r ? JSON.stringify(r) : null, r?.error ? `${r.error.code}: ${r.error.message}` : null, w.row.seq);
      }
      endRun();
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

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
