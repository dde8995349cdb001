import type Database from 'better-sqlite3';
import { prepareInsert } from '../../db/prepared';
import type { Clock, IdGenerator } from '../ports';
import { canonicalJson, entryHash, GENESIS_HASH, type AuditActorType, type AuditDetails, type AuditEntryFields } from './auditChain';
import { assertNoPersonalData } from './detailsGuard';

export { AuditDetailsError } from './detailsGuard';

export interface AuditAppend {
  actorType: AuditActorType;
  actorId: string | null;
  /** What happened, as a stable key: 'member.reveal', 'visit.override'. */
  action: string;
  /** Which record: a table or aggregate name and its id. */
  entity: string;
  entityId: string | null;
  /** References only (ids, field names, counts); values that look like personal data are refused. */
  details?: AuditDetails;
}

export interface AuditAppended {
  seq: number;
  id: string;
  hash: string;
}

/**
 * Writes audit rows (who, what, when, which record) onto the hash chain.
 *
 * When an entry records a business change, call `append` inside the `sqlite.transaction` that
 * writes the change, so both commit or neither does; it then runs as a savepoint of that
 * transaction. Called on its own it opens a BEGIN IMMEDIATE transaction, taking the write lock
 * before reading the head so no other connection can append between the read and the insert.
 *
 * The head is read from the table on every append rather than cached. A cache checked against
 * max(seq) costs the same single B-tree seek as reading the last row, and it is not sound:
 * SQLite rolls back the AUTOINCREMENT counter with the transaction, so after a rolled-back append
 * the next row (written by another AuditLog on the same handle, or another connection) gets the
 * same seq with a different hash, and a seq-keyed cache would chain onto the discarded hash.
 * The database's audit_log_links_to_head trigger refuses such a row in any case.
 */
export class AuditLog {
  private readonly appendTx: (fields: AuditEntryFields) => AuditAppended;

  constructor(
    sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    const readHead = sqlite.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = prepareInsert(sqlite, 'audit_log', ['id', 'at', 'actor_type', 'actor_id', 'action', 'entity', 'entity_id', 'details', 'prev_hash', 'hash']);
    const tx = sqlite.transaction((fields: AuditEntryFields): AuditAppended => {
      const prevHash = readHead.get()?.hash ?? GENESIS_HASH;
      const hash = entryHash(prevHash, fields);
      const info = insert({
        id: fields.id,
        at: fields.at,
        actor_type: fields.actorType,
        actor_id: fields.actorId,
        action: fields.action,
        entity: fields.entity,
        entity_id: fields.entityId,
        // Stored canonical, so the text on disk is exactly what was hashed.
        details: canonicalJson(fields.details),
        prev_hash: prevHash,
        hash,
      });
      return { seq: Number(info.lastInsertRowid), id: fields.id, hash };
    });
    // Inside a caller's transaction better-sqlite3 turns this into a savepoint.
    this.appendTx = (fields) => tx.immediate(fields);
  }

  append(entry: AuditAppend): AuditAppended {
    const fields: AuditEntryFields = {
      id: this.newId(),
      at: this.clock.now().toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      // A copy: what is hashed is what this call saw.
      details: { ...(entry.details ?? {}) },
    };
    assertNoPersonalData(fields);
    return this.appendTx(fields);
  }
}
