import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../db/connection';
import { MIGRATIONS } from '../../db/migrations/index';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A database as the app before migration 0003 left it, with staff already on it. */
async function version2Database(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-staffpin-'));
  dirs.push(dir);
  const path = join(dir, 'kiosk.sqlite');
  const sqlite = new Database(path);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  for (const m of MIGRATIONS.slice(0, 2)) await m.up(db);
  sqlite.pragma('user_version = 2');
  sqlite.exec(`INSERT INTO branch (id, code, name, time_zone) VALUES ('b', 'B', 'B', 'Asia/Shanghai');
    INSERT INTO staff (id, branch_id, name, role) VALUES ('s1', 'b', '王芳', 'reception'), ('s2', 'b', '张伟', 'manager');`);
  await db.destroy();
  return path;
}

describe('migration 0003_staff_pin', () => {
  it('adds the PIN columns to existing staff without touching their rows', async () => {
    const kdb = await openKioskDatabase(await version2Database());
    expect(kdb.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const rows = kdb.sqlite.prepare('SELECT id, name, role, active, version, pin_hash, failed_attempts, locked_until, pin_set_at FROM staff ORDER BY id').all();
    expect(rows).toEqual([
      { id: 's1', name: '王芳', role: 'reception', active: 1, version: 0, pin_hash: null, failed_attempts: 0, locked_until: null, pin_set_at: null },
      { id: 's2', name: '张伟', role: 'manager', active: 1, version: 0, pin_hash: null, failed_attempts: 0, locked_until: null, pin_set_at: null },
    ]);
    expect(() => kdb.sqlite.prepare("UPDATE staff SET failed_attempts = -1 WHERE id = 's1'").run()).toThrow(/CHECK/);
    expect(() => kdb.sqlite.prepare("UPDATE staff SET failed_attempts = NULL WHERE id = 's1'").run()).toThrow(/NOT NULL/);
    await kdb.close();
  });
});
