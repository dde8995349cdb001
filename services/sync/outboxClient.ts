import type Database from 'better-sqlite3';

/**
 * The outbox's sync client across a re-enrollment.
 *
 * Head office numbers each client's mutations from 1 with no gap, and a client id belongs to the
 * device that first used it (SYNC.md). The outbox seq is the wire seq, so when a PC is enrolled
 * anew (a new device at head office) the rows not yet acknowledged must become seqs 1…n of a new
 * client id. Rather than an offset the push client would have to apply to every seq, the outbox
 * itself is renumbered in one transaction:
 * - the rows already acknowledged (seq ≤ cursor, kept for the sync issues screen and the record)
 *   move below every existing seq (to zero and negative numbers), keeping their order;
 * - the rows after the cursor become 1…n and take the new client id;
 * - the AUTOINCREMENT counter restarts at n, so the next local write is n + 1;
 * - the caller resets the push cursor to 0 in the same transaction.
 * Nothing is discarded and seq order stays the order things happened.
 */
export function moveOutboxToClient(sqlite: Database.Database, cursor: number, clientId: string): { carried: number } {
  if (!sqlite.inTransaction) throw new Error('the outbox must be moved to a new client inside one transaction');
  const seqs = sqlite.prepare('SELECT seq FROM sync_outbox ORDER BY seq').pluck().all() as number[];
  const acked = seqs.filter((s) => s <= cursor);
  const after = seqs.filter((s) => s > cursor);
  const move = sqlite.prepare('UPDATE sync_outbox SET seq = ? WHERE seq = ?');
  if (acked.length > 0) {
    // Ascending, every target is below every row not yet moved: no two rows ever share a seq.
    const lowest = Math.min(0, acked[0]!);
    const shift = cursor - lowest + 1;
    for (const s of acked) move.run(s - shift, s);
  }
  const relabel = sqlite.prepare('UPDATE sync_outbox SET seq = ?, client_id = ? WHERE seq = ?');
  after.forEach((s, i) => relabel.run(i + 1, clientId, s));
  if (after.length === 0 && acked.length > 0) {
    // No row to carry the new client id: the newest acknowledged row carries it, so the writes
    // that follow take it (OutboxWriter.resume reads the newest row, now and on every open).
    // That row is never sent again (it is below the cursor).
    sqlite.prepare('UPDATE sync_outbox SET client_id = ? WHERE seq = (SELECT max(seq) FROM sync_outbox)').run(clientId);
  }
  sqlite.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'sync_outbox'").run(after.length);
  return { carried: after.length };
}

