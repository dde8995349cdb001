import type Database from 'better-sqlite3';
import type { AuditLogTable } from '../../db/schema';
import { entryHash, GENESIS_HASH, type AuditDetails } from './auditChain';

export type AuditChainProblem = 'hash_mismatch' | 'broken_link' | 'gap';

export type AuditVerification =
  /**
   * `head` is the last row's hash (GENESIS_HASH when empty) and `headSeq` its seq (0 when empty).
   * The chain alone cannot see rows deleted from the END: what remains is still a valid chain.
   * Callers anchor the head elsewhere (it is to be sent to head office) and later check that
   * the anchored (seq, hash) is still in the chain.
   */
  | { ok: true; entries: number; head: string; headSeq: number }
  /** `entries` counts the rows that verified before `firstBadSeq`, the seq of the row that failed. */
  | { ok: false; entries: number; firstBadSeq: number; problem: AuditChainProblem };

type Row = Omit<AuditLogTable, 'seq'> & { seq: number };

/**
 * Walks audit_log in seq order, streaming (a desk keeps years of rows), and reports the first
 * row that does not fit:
 * - `gap`: its seq is not the previous seq + 1 (or the first row is not seq 1): rows were deleted
 *   before it. Checked first because it is the most precise account of a deletion, whose next
 *   row would also fail the link.
 * - `hash_mismatch`: its stored hash is not the hash of its own fields: the row was edited (an
 *   unparsable details text counts as edited).
 * - `broken_link`: its prev_hash is not the previous row's hash: the previous row was edited and
 *   re-hashed, or replaced.
 *
 * Run it on a connection of its own or outside a write: the read sees one snapshot (WAL), so
 * concurrent appends are simply not part of this walk.
 */
export function verifyAuditLog(sqlite: Database.Database): AuditVerification {
  const rows = sqlite
    .prepare<[], Row>('SELECT seq, id, at, actor_type, actor_id, action, entity, entity_id, details, prev_hash, hash FROM audit_log ORDER BY seq')
    .iterate();
  let entries = 0;
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const problem = checkRow(row, prevSeq, prevHash);
    if (problem) {
      // Leaving the loop early closes the iterator, which resets the statement.
      return { ok: false, entries, firstBadSeq: row.seq, problem };
    }
    entries += 1;
    prevSeq = row.seq;
    prevHash = row.hash;
  }
  return { ok: true, entries, head: prevHash, headSeq: prevSeq };
}

function checkRow(row: Row, prevSeq: number, prevHash: string): AuditChainProblem | null {
  if (row.seq !== prevSeq + 1) return 'gap';
  let details: AuditDetails;
  try {
    details = JSON.parse(row.details) as AuditDetails;
  } catch {
    return 'hash_mismatch';
  }
  let computed: string;
  try {
    computed = entryHash(row.prev_hash, {
      id: row.id,
      at: row.at,
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      details,
    });
  } catch {
    // Fields no entry could have had (an edited column holding a blob, say).
    return 'hash_mismatch';
  }
  if (computed !== row.hash) return 'hash_mismatch';
  if (row.prev_hash !== prevHash) return 'broken_link';
  return null;
}
