import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKioskDatabase, type KioskDatabase } from './connection';
import { PreparedQuery, preparer } from './prepared';

let kdb: KioskDatabase;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-prepared-'));
  kdb = await openKioskDatabase(join(dir, 'k.sqlite'));
});
afterAll(async () => {
  await kdb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PreparedQuery', () => {
  it('binds arguments where the builder used them and keeps constants', () => {
    const q = preparer(kdb.sqlite, kdb.db);
    const byRank = q((db, min: number, max: number) => db.selectFrom('tier').select('code').where('rank', '>=', min).where('rank', '<=', max).orderBy('rank').limit(2));
    expect(byRank.all(2, 4).map((r) => r.code)).toEqual(['silver', 'gold']);
    expect(byRank.get(4, 4)?.code).toBe('diamond');
    expect(byRank.get(9, 9)).toBeUndefined();
  });

  it('binds an argument used twice', () => {
    const q = preparer(kdb.sqlite, kdb.db);
    const around = q((db, rank: number) => db.selectFrom('tier').select('code').where(sql<boolean>`rank BETWEEN ${rank} - 1 AND ${rank} + 1`).orderBy('rank'));
    expect(around.all(2).map((r) => r.code)).toEqual(['bronze', 'silver', 'gold']);
  });

  it('refuses a builder that ignores one of its arguments', () => {
    expect(() => new PreparedQuery(kdb.sqlite, kdb.db, (db, _unused: string) => db.selectFrom('tier').select('code'))).toThrow(/uses 0 of its 1/);
  });

  it('treats hostile text as a value, never as SQL', () => {
    const q = preparer(kdb.sqlite, kdb.db);
    const byCode = q((db, code: string) => db.selectFrom('tier').select('code').where('code', '=', code));
    expect(byCode.get("gold' OR '1'='1")).toBeUndefined();
    expect(kdb.sqlite.prepare('SELECT count(*) FROM tier').pluck().get()).toBe(4);
  });
});
