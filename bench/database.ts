import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKioskDatabase } from '../db/connection';
import { GENERATED_NOW, GENERATED_PARAMS_KEY, GENERATOR_VERSION, generateDatabase, type GeneratedParams } from '../scripts/generate/build';
import { lockDatabase } from '../scripts/generate/lock';
import { DATA_DIR } from './lib';

export interface BenchDatabaseSpec {
  members: number;
  visits: number;
}

export const DEFAULT_SPEC: BenchDatabaseSpec = { members: 1_000_000, visits: 10_000_000 };

/** bench/data/kiosk-1m.sqlite for the default sizes; other sizes get their own file. */
export function benchDatabasePath(spec: BenchDatabaseSpec): string {
  const isDefault = spec.members === DEFAULT_SPEC.members && spec.visits === DEFAULT_SPEC.visits;
  return join(DATA_DIR, isDefault ? 'kiosk-1m.sqlite' : `kiosk-${spec.members}x${spec.visits}.sqlite`);
}

interface FileState {
  params: GeneratedParams | null;
  /** Every schema object as "type name sql", sorted: compared with what the migrations build now. */
  schema: string[];
}

function schemaOf(db: Database.Database): string[] {
  const rows = db.prepare("SELECT type, name, coalesce(sql, '') AS sql FROM sqlite_master ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
  return rows.map((r) => `${r.type} ${r.name} ${r.sql}`);
}

/** What the file at `path` holds, or null when it is missing or not a readable database. */
function inspect(path: string): FileState | null {
  if (!existsSync(path)) return null;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(GENERATED_PARAMS_KEY) as { value: string } | undefined;
      return { params: row ? (JSON.parse(row.value) as GeneratedParams) : null, schema: schemaOf(db) };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/**
 * The schema today's migrations build, from a throwaway database. The migrations are still
 * being edited (an index may change shape without a new version), so comparing the schema
 * itself is what tells a stale benchmark file apart.
 */
async function currentSchema(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-schema-'));
  try {
    const kdb = await openKioskDatabase(join(dir, 'schema.sqlite'));
    try {
      return schemaOf(kdb.sqlite);
    } finally {
      await kdb.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why the file cannot be reused, or null when it can. */
async function staleness(spec: BenchDatabaseSpec, state: FileState | null): Promise<string | null> {
  if (!state) return 'is missing';
  const p = state.params;
  if (!p || p.generator !== GENERATOR_VERSION || p.members !== spec.members || p.visits !== spec.visits) return 'was generated with other parameters';
  const now = await currentSchema();
  if (now.length !== state.schema.length || now.some((line, i) => line !== state.schema[i])) return "has another schema than today's migrations";
  return null;
}

/**
 * The benchmark database for `spec`, locked for this process: reused when it records the same
 * generator version and sizes and has today's schema (generating 1M members takes minutes),
 * else (re)built with the generator. Call release() when done with the file.
 */
export async function ensureBenchDatabase(spec: BenchDatabaseSpec): Promise<{ path: string; generatedSeconds: number | null; release: () => void }> {
  const path = benchDatabasePath(spec);
  mkdirSync(DATA_DIR, { recursive: true });
  const release = lockDatabase(path);
  try {
    const why = await staleness(spec, inspect(path));
    if (why === null) return { path, generatedSeconds: null, release };
    process.stderr.write(
      `[bench] ${path} ${why}; generating ${spec.members.toLocaleString('en')} members and ` +
        `${spec.visits.toLocaleString('en')} visits (a few minutes)…\n`,
    );
    const { seconds } = await generateDatabase({ ...spec, out: path, deferIndexes: true });
    return { path, generatedSeconds: seconds, release };
  } catch (error) {
    release();
    throw error;
  }
}

export function fileMiB(path: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) if (existsSync(path + suffix)) bytes += statSync(path + suffix).size;
  return bytes / 1024 ** 2;
}

/**
 * Removes what a benchmark wrote through the kiosk since outbox `sinceSeq` (its visits, found
 * through their outbox rows, and the outbox rows), plus `extraVisitIds` written around the
 * kiosk. Keeps the shared 1M database the same from run to run instead of growing it.
 */
export function removeBenchWrites(sqlite: Database.Database, sinceSeq: number, extraVisitIds: readonly string[] = []): number {
  const removeVisit = sqlite.prepare('DELETE FROM visit WHERE id = ?');
  return sqlite.transaction(() => {
    let removed = sqlite
      .prepare(
        "DELETE FROM visit WHERE id IN (SELECT json_extract(args, '$.id') FROM sync_outbox WHERE seq > ? AND name = 'visit.record')",
      )
      .run(sinceSeq).changes;
    for (const id of extraVisitIds) removed += removeVisit.run(id).changes;
    sqlite.prepare('DELETE FROM sync_outbox WHERE seq > ?').run(sinceSeq);
    return removed;
  })();
}

export function latestOutboxSeq(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM sync_outbox').get() as { seq: number }).seq;
}

/** A whole-number flag (`--iterations 500`), or its default; throws a clear error otherwise. */
export function intFlag(flags: Record<string, string | boolean | undefined>, name: string, fallback: number, min = 1): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' ? Number(raw.replace(/_/g, '')) : Number.NaN;
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got ${String(raw)}`);
  return value;
}

/** --members / --visits pick another database size (a quick run: --members 10000 --visits 100000). */
export function specFromFlags(flags: Record<string, string | boolean | undefined>): BenchDatabaseSpec {
  return { members: intFlag(flags, 'members', DEFAULT_SPEC.members, 100), visits: intFlag(flags, 'visits', DEFAULT_SPEC.visits, 1) };
}

/**
 * Where a benchmark's clock starts: the generator's "now" (08:30 in Shanghai, after every
 * generated visit), or an hour after anything a crashed earlier run left behind.
 */
export function startInstant(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT max(device_time) AS t FROM sync_outbox').get() as { t: string | null };
    const after = row.t ? Date.parse(row.t) + 3_600_000 : 0;
    return new Date(Math.max(Date.parse(GENERATED_NOW), after)).toISOString();
  } finally {
    db.close();
  }
}

/**
 * Runs a cleanup step; a failure (e.g. another process holding the write lock) is reported,
 * not thrown: the figures were measured, and the next run starts after any leftover rows.
 */
export function cleanUp(step: () => unknown): void {
  try {
    step();
  } catch (error) {
    process.stderr.write(`[bench] warning: could not remove this run's rows (${error instanceof Error ? error.message : String(error)}); the next run starts after them\n`);
  }
}
