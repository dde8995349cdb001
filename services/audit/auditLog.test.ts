import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type KioskDatabase } from '../../db/connection';
import { ManualClock, newId } from '../ports';
import { GENESIS_HASH } from './auditChain';
import { AuditDetailsError, AuditLog, type AuditAppend } from './auditLog';
import { verifyAuditLog } from './verifyAuditLog';

const opened: KioskDatabase[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of opened.splice(0)) await k.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function openTemp(): Promise<{ kdb: KioskDatabase; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-'));
  dirs.push(dir);
  const path = join(dir, 'kiosk.sqlite');
  const kdb = await openKioskDatabase(path);
  opened.push(kdb);
  return { kdb, path };
}

const clock = new ManualClock('2026-11-23T00:30:00.000Z');
const entry = (n: number): AuditAppend => ({ actorType: 'staff', actorId: 'staff-1', action: 'member.reveal', entity: 'member', entityId: `m${n}`, details: { field: 'phone', n } });
const count = (kdb: KioskDatabase) => kdb.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();

describe('AuditLog', () => {
  it('appends rows that chain from genesis and verify', async () => {
    const { kdb } = await openTemp();
    const log = new AuditLog(kdb.sqlite, clock, newId);
    const a = log.append(entry(1));
    const b = log.append({ actorType: 'system', actorId: null, action: 'sync.pull', entity: 'sync', entityId: null });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    const rows = kdb.sqlite.prepare('SELECT seq, id, at, actor_type, details, prev_hash, hash FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ id: a.id, at: '2026-11-23T00:30:00.000Z', actor_type: 'staff', details: '{"field":"phone","n":1}', prev_hash: GENESIS_HASH, hash: a.hash });
    expect(rows[1]).toMatchObject({ details: '{}', prev_hash: a.hash, hash: b.hash });
    expect(verifyAuditLog(kdb.sqlite)).toEqual({ ok: true, entries: 2, head: b.hash, headSeq: 2 });
  });

  it('commits with the business change of the caller, and rolls back with it', async () => {
    const { kdb } = await openTemp();
    const log = new AuditLog(kdb.sqlite, clock, newId);
    const write = (key: string, fail: boolean) =>
      kdb.sqlite.transaction(() => {
        kdb.sqlite.prepare('INSERT INTO setting (key, value) VALUES (?, ?)').run(key, 'v');
        log.append({ actorType: 'staff', actorId: 'staff-1', action: 'setting.set', entity: 'setting', entityId: key });
        if (fail) throw new Error('business rule failed after the audit row');
      })();
    write('kept', false);
    expect(() => write('dropped', true)).toThrow('business rule failed');
    expect(kdb.sqlite.prepare('SELECT key FROM setting').pluck().all()).toEqual(['kept']);
    expect(count(kdb)).toBe(1);
    // The rolled-back row's hash must not become the next row's prev_hash.
    log.append(entry(2));
    expect(verifyAuditLog(kdb.sqlite)).toMatchObject({ ok: true, entries: 2 });
  });

  it('chains correctly when another writer reuses the seq of a rolled-back append', async () => {
    // SQLite rolls the AUTOINCREMENT counter back too: a second AuditLog on the same handle gets
    // the rolled-back seq with another hash. A head cached by seq would fork the chain here.
    const { kdb } = await openTemp();
    const a = new AuditLog(kdb.sqlite, clock, newId);
    const b = new AuditLog(kdb.sqlite, clock, newId);
    a.append(entry(1));
    expect(() =>
      kdb.sqlite.transaction(() => {
        expect(a.append(entry(2)).seq).toBe(2);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(b.append(entry(3)).seq).toBe(2);
    expect(a.append(entry(4)).seq).toBe(3);
    expect(verifyAuditLog(kdb.sqlite)).toMatchObject({ ok: true, entries: 3 });
  });

  it('chains onto rows another connection appended', async () => {
    const { kdb, path } = await openTemp();
    const other = await openKioskDatabase(path);
    opened.push(other);
    const mine = new AuditLog(kdb.sqlite, clock, newId);
    const theirs = new AuditLog(other.sqlite, clock, newId);
    mine.append(entry(1));
    theirs.append(entry(2));
    theirs.append(entry(3));
    expect(mine.append(entry(4)).seq).toBe(4);
    expect(verifyAuditLog(other.sqlite)).toMatchObject({ ok: true, entries: 4 });
  });

  it('refuses personal data and writes nothing', async () => {
    const { kdb } = await openTemp();
    const log = new AuditLog(kdb.sqlite, clock, newId);
    const refused: AuditAppend[] = [
      { ...entry(1), details: { idCard: '11010519491231002X' } },
      { ...entry(1), details: { phone: '13800138000' } },
      { ...entry(1), details: { note: 'x'.repeat(201) } },
      { ...entry(1), entityId: '13912345678' },
    ];
    for (const e of refused) expect(() => log.append(e)).toThrow(AuditDetailsError);
    expect(count(kdb)).toBe(0);
  });

  it('relies on the database for the actor type', async () => {
    const { kdb } = await openTemp();
    const log = new AuditLog(kdb.sqlite, clock, newId);
    expect(() => log.append({ ...entry(1), actorType: 'robot' as 'system' })).toThrow(/CHECK constraint/);
    log.append(entry(2));
    // A refused statement leaves no hole in seq.
    expect(verifyAuditLog(kdb.sqlite)).toMatchObject({ ok: true, entries: 1, headSeq: 1 });
  });

  it('appends 1,000 rows that verify', async () => {
    const { kdb } = await openTemp();
    const log = new AuditLog(kdb.sqlite, clock, newId);
    kdb.sqlite.transaction(() => {
      for (let i = 0; i < 500; i++) log.append(entry(i));
    })();
    // And standalone, one transaction each (synchronous=FULL: each one syncs).
    for (let i = 500; i < 1000; i++) log.append(entry(i));
    const result = verifyAuditLog(kdb.sqlite);
    expect(result).toMatchObject({ ok: true, entries: 1000, headSeq: 1000 });
  });
});

describe('audit_log in the database', () => {
  it('refuses UPDATE and DELETE', async () => {
    const { kdb } = await openTemp();
    new AuditLog(kdb.sqlite, clock, newId).append(entry(1));
    expect(() => kdb.sqlite.exec("UPDATE audit_log SET action = 'x'")).toThrow(/append-only/);
    expect(() => kdb.sqlite.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(count(kdb)).toBe(1);
    expect(verifyAuditLog(kdb.sqlite)).toMatchObject({ ok: true, entries: 1 });
  });

  it('refuses a row that does not link to the current head', async () => {
    const { kdb } = await openTemp();
    const first = new AuditLog(kdb.sqlite, clock, newId).append(entry(1));
    const insert = kdb.sqlite.prepare(
      "INSERT INTO audit_log (id, at, actor_type, action, entity, details, prev_hash, hash) VALUES (?, 't', 'system', 'a', 'e', '{}', ?, 'h')",
    );
    expect(() => insert.run(newId(), GENESIS_HASH)).toThrow(/not the current head/);
    expect(() => insert.run(newId(), 'f'.repeat(64))).toThrow(/not the current head/);
    expect(insert.run(newId(), first.hash).changes).toBe(1);
  });

  it('has the (entity, entity_id) index', async () => {
    const { kdb } = await openTemp();
    const plan = kdb.sqlite.prepare("EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE entity = 'member' AND entity_id = 'm1'").all();
    expect(JSON.stringify(plan)).toContain('audit_log_entity');
  });
});
