import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type KioskDatabase } from '../../db/connection';
import type { AuditLogTable } from '../../db/schema';
import { ManualClock, newId } from '../ports';
import { entryHash, GENESIS_HASH } from './auditChain';
import { AuditLog } from './auditLog';
import { verifyAuditLog } from './verifyAuditLog';

let kdb: KioskDatabase;
let dir: string;
let hashes: string[];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-verify-'));
  kdb = await openKioskDatabase(join(dir, 'kiosk.sqlite'));
  const clock = new ManualClock('2026-11-23T00:30:00.000Z');
  const log = new AuditLog(kdb.sqlite, clock, newId);
  hashes = [];
  for (let i = 1; i <= 5; i++) {
    clock.advance(1000);
    hashes.push(log.append({ actorType: 'staff', actorId: 'staff-1', action: 'member.reveal', entity: 'member', entityId: `m${i}`, details: { field: 'phone' } }).hash);
  }
});
afterEach(async () => {
  await kdb.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An attacker with the file: the triggers are no obstacle to them. */
function dropTriggers(): void {
  kdb.sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_links_to_head;');
}

type StoredRow = Omit<AuditLogTable, 'seq' | 'hash'>;

describe('verifyAuditLog', () => {
  it('accepts an intact chain and returns its head', () => {
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: true, entries: 5, head: hashes[4], headSeq: 5 });
  });

  it('accepts an empty log with the genesis head', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'kiosk-audit-empty-'));
    const empty = await openKioskDatabase(join(emptyDir, 'k.sqlite'));
    expect(verifyAuditLog(empty.sqlite)).toEqual({ ok: true, entries: 0, head: GENESIS_HASH, headSeq: 0 });
    await empty.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('reports an edited action or details as a hash mismatch at that row', () => {
    dropTriggers();
    kdb.sqlite.exec("UPDATE audit_log SET action = 'member.view' WHERE seq = 3");
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 2, firstBadSeq: 3, problem: 'hash_mismatch' });
    kdb.sqlite.exec("UPDATE audit_log SET action = 'member.reveal' WHERE seq = 3");
    expect(verifyAuditLog(kdb.sqlite).ok).toBe(true);
    kdb.sqlite.exec(`UPDATE audit_log SET details = '{"field":"name"}' WHERE seq = 2`);
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 1, firstBadSeq: 2, problem: 'hash_mismatch' });
    kdb.sqlite.exec(`UPDATE audit_log SET details = 'not json' WHERE seq = 2`);
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 1, firstBadSeq: 2, problem: 'hash_mismatch' });
  });

  it('reports a deleted middle row at the row after it', () => {
    dropTriggers();
    kdb.sqlite.exec('DELETE FROM audit_log WHERE seq = 3');
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 2, firstBadSeq: 4, problem: 'gap' });
  });

  it('reports a deleted first row', () => {
    dropTriggers();
    kdb.sqlite.exec('DELETE FROM audit_log WHERE seq = 1');
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 0, firstBadSeq: 2, problem: 'gap' });
  });

  it('reports a deleted middle row whose seqs were renumbered as a broken link', () => {
    dropTriggers();
    kdb.sqlite.exec('DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3');
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 2, firstBadSeq: 3, problem: 'broken_link' });
  });

  it('reports an edited row whose own hash was recomputed at the NEXT row', () => {
    dropTriggers();
    const row = kdb.sqlite.prepare('SELECT id, at, actor_type, actor_id, action, entity, entity_id, details, prev_hash FROM audit_log WHERE seq = 3').get() as StoredRow;
    const forged = entryHash(row.prev_hash, {
      id: row.id,
      at: row.at,
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: 'member.view',
      entity: row.entity,
      entityId: row.entity_id,
      details: JSON.parse(row.details) as Record<string, string>,
    });
    kdb.sqlite.prepare("UPDATE audit_log SET action = 'member.view', hash = ? WHERE seq = 3").run(forged);
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: false, entries: 3, firstBadSeq: 4, problem: 'broken_link' });
  });

  it('cannot see a deleted tail: the returned head is what catches it', () => {
    const anchored = verifyAuditLog(kdb.sqlite);
    dropTriggers();
    kdb.sqlite.exec('DELETE FROM audit_log WHERE seq >= 4');
    const after = verifyAuditLog(kdb.sqlite);
    expect(after).toEqual({ ok: true, entries: 3, head: hashes[2], headSeq: 3 });
    // What a holder of the earlier anchor checks: is the anchored row still there, unchanged?
    expect(anchored.ok && kdb.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(anchored.headSeq)).toBeUndefined();
  });
});
