import type { KioskDatabase } from '../../db/connection';
import type { Clock } from '../ports';
import type { SyncStateStore } from './syncState';

const DAY_MS = 24 * 3600_000;
/**
 * How long a record head office acknowledged stays in the send queue. The record itself stays
 * in its own table (the visit, the member …); the queue row is only the copy that was sent,
 * kept to look into a sync question. 90 days is well past head office's 35-day change log.
 */
export const OUTBOX_KEEP_DAYS = 90;
/** Rows deleted at most per round, so a desk with years of history clears it without a long pause. */
const BATCH = 5000;

/**
 * Keeps the send queue from growing without bound (a busy desk queues about a million rows a
 * year). Deletes only rows head office acknowledged as applied — never pending or refused ones
 * (the sync issues screen lists those) — and never the newest row, from which the writer takes
 * its client id and clock (OutboxWriter.resume).
 */
export class OutboxRetention {
  private readonly prune;
  private nextAt = 0;

  constructor(
    kdb: KioskDatabase,
    private readonly clock: Clock,
    private readonly state: SyncStateStore,
  ) {
    this.prune = kdb.sqlite.prepare<{ acked: number; cutoff: string; limit: number }>(
      `DELETE FROM sync_outbox WHERE seq IN (
         SELECT seq FROM sync_outbox
         WHERE status = 'applied' AND seq <= @acked AND device_time < @cutoff AND seq < (SELECT max(seq) FROM sync_outbox)
         ORDER BY seq LIMIT @limit)`,
    );
  }

  /**
   * After a drained round: one batch, then the next a day later — or at the next round while a
   * backlog remains. Answers the rows deleted.
   */
  afterDrain(): number {
    const now = this.clock.now().getTime();
    if (now < this.nextAt) return 0;
    const cutoff = new Date(now - OUTBOX_KEEP_DAYS * DAY_MS).toISOString();
    const deleted = this.prune.run({ acked: this.state.read().lastAckedSeq, cutoff, limit: BATCH }).changes;
    this.nextAt = deleted === BATCH ? now : now + DAY_MS;
    return deleted;
  }
}
