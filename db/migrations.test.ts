import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDatabase } from './connection';
import { DatabaseTooNewError } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-db-'));
  dirs.push(dir);
  return join(dir, 'kiosk.sqlite');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('lists every migration file once, in order, numbered from 1', () => {
    const files = readdirSync(join(import.meta.dirname, 'migrations'))
      .filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(MIGRATIONS.map((m) => m.name)).toEqual(files);
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.startsWith(String(i + 1).padStart(4, '0'))).toBe(true);
    });
  });

  it('migrations import nothing but kysely (they are frozen once landed)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const m of MIGRATIONS) {
      const text = readFileSync(join(import.meta.dirname, 'migrations', `${m.name}.ts`), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((x) => x[1]);
      expect(imports.every((i) => i === 'kysely')).toBe(true);
    }
  });

  it('creates the schema on a new file and records the version', async () => {
    const path = tempDb();
    const kdb = await openKioskDatabase(path);
    expect(kdb.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = kdb.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['branch', 'staff', 'member', 'membership', 'card_binding', 'tier', 'tier_benefit', 'member_tier', 'visit', 'class_attendance', 'sync_outbox']),
    );
    expect(kdb.sqlite.prepare('SELECT count(*) FROM tier_benefit').pluck().get()).toBe(4);
    await kdb.close();
    const again = await openKioskDatabase(path);
    expect(again.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    await again.close();
  });

  it('sets the durability pragmas on every open', async () => {
    const path = tempDb();
    for (let i = 0; i < 2; i++) {
      const kdb = await openKioskDatabase(path);
      expect(kdb.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(kdb.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(kdb.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(kdb.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      await kdb.close();
    }
  });

  it('refuses a database written by a newer app and leaves it untouched', async () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE future_thing (x)');
    raw.close();
    await expect(openKioskDatabase(path)).rejects.toBeInstanceOf(DatabaseTooNewError);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all()).toEqual(['future_thing']);
    check.close();
  });

  it('rolls back a failed migration completely', async () => {
    const path = tempDb();
    const raw = new Database(path);
    // A table the first migration also creates: the migration fails part-way.
    raw.exec('CREATE TABLE visit (x)');
    raw.close();
    await expect(openKioskDatabase(path)).rejects.toThrow();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all()).toEqual(['visit']);
    check.close();
  });

  it('enforces one active binding per card', async () => {
    const kdb = await openKioskDatabase(tempDb());
    kdb.sqlite.exec(`
      INSERT INTO branch (id, code, name, time_zone) VALUES ('b', 'B', 'B', 'Asia/Shanghai');
      INSERT INTO member (id, member_no, name, gender, phone, phone_tail, home_branch_id, created_at, updated_at)
        VALUES ('m1', 'M1', 'A', 'female', '13800000001', '0001', 'b', 't', 't'), ('m2', 'M2', 'B', 'male', '13800000002', '0002', 'b', 't', 't');
      INSERT INTO card_binding (id, card_uid, member_id, status, bound_at) VALUES ('c1', 'AA', 'm1', 'active', 't');
      INSERT INTO card_binding (id, card_uid, member_id, status, bound_at) VALUES ('c0', 'AA', 'm1', 'lost', 't0');`);
    expect(() =>
      kdb.sqlite.exec("INSERT INTO card_binding (id, card_uid, member_id, status, bound_at) VALUES ('c2', 'AA', 'm2', 'active', 't')"),
    ).toThrow(/UNIQUE/);
    await kdb.close();
  });
});
