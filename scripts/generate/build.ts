import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { openKioskDatabase } from '../../db/connection';
import { seedDemoData } from '../../services/demo/demoData';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { seededRandom } from '../../services/demo/random';
import type { Clock } from '../../services/ports';
import { Progress } from './bulk';
import { SequentialIds } from './ids';
import { buildIndexes, INDEX_WORK_PER_ROW, type DeferredIndex } from './indexes';
import { writeMembers, type GenContext } from './members';
import { writeVisits } from './visits';

/** The generator's fixed "now" (the instant the service tests pin): same args, same file. */
export const GENERATED_NOW = '2026-11-23T00:30:00.000Z';
/** The setting row that records how a database was generated (the benchmark reuses on match). */
export const GENERATED_PARAMS_KEY = 'bench.generated';
/** Bump when the generated data changes shape, so benchmarks rebuild stale files. */
export const GENERATOR_VERSION = 1;
export const FEATURED_COUNT = FEATURED_MEMBERS.length;

export interface GenerateOptions {
  members: number;
  visits: number;
  out: string;
  seed?: number;
  /** Rows (members or visits) per transaction. */
  batchRows?: number;
  /** Drop the secondary indexes of the bulk tables during the load and rebuild them after. */
  deferIndexes?: boolean;
}

export interface GeneratedParams {
  generator: number;
  members: number;
  visits: number;
  seed: number;
  now: string;
}

const BULK_TABLES = ['member', 'membership', 'card_binding', 'member_tier', 'visit'];

/**
 * Builds a kiosk database: migrations and the demo chain through the app's own code, then the
 * bulk rows through raw prepared statements. Written to `<out>.partial` and renamed at the end,
 * so an interrupted run never leaves a file that looks complete.
 */
export async function generateDatabase(options: GenerateOptions): Promise<{ seconds: number; bytes: number; params: GeneratedParams }> {
  const seed = options.seed ?? 20_261_123;
  const params: GeneratedParams = { generator: GENERATOR_VERSION, members: options.members, visits: options.visits, seed, now: GENERATED_NOW };
  const partial = `${options.out}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });

  const generatedMembers = Math.max(0, options.members - FEATURED_COUNT);
  // Approximate rows per bulk table, for progress estimates only.
  const tableRows: Record<string, number> = {
    member: options.members,
    membership: options.members,
    card_binding: options.members,
    member_tier: 2 * options.members,
    visit: options.visits,
  };
  const indexWork = options.deferIndexes ? (2 * options.members + options.members + 4 * options.members + 2 * options.members + options.visits) * INDEX_WORK_PER_ROW : 0;
  const progress = new Progress(generatedMembers * 5.04 + options.visits + indexWork);
  progress.startPhase('schema and demo chain');
  const kdb = await openKioskDatabase(partial);
  const nowMs = Date.parse(GENERATED_NOW);
  const clock: Clock = { now: () => new Date(nowMs) };
  const ids = new SequentialIds();
  await seedDemoData(kdb, clock, () => ids.next(nowMs), FEATURED_COUNT);

  const sqlite = kdb.sqlite;
  const one = <T>(sql: string, ...args: unknown[]) => sqlite.prepare(sql).get(...args) as T;
  const branch = one<{ id: string; time_zone: string }>("SELECT id, time_zone FROM branch WHERE id = (SELECT branch_id FROM device WHERE is_this_device = 1)");
  const other = one<{ id: string }>('SELECT id FROM branch WHERE id <> ? ORDER BY code LIMIT 1', branch.id);
  const device = one<{ id: string }>('SELECT id FROM device WHERE is_this_device = 1');
  const staff = (sqlite.prepare("SELECT id FROM staff WHERE role = 'reception' ORDER BY name").all() as { id: string }[]).map((s) => s.id);

  // Bulk-load settings: a crash only loses the .partial file, so durability buys nothing here.
  // FULL and foreign keys come back before the file is renamed into place.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -1048576'); // 1 GiB: the visit index's random inserts stay in memory
  // Secondary indexes are rebuilt after the load: a sort is about twice as fast overall as
  // random inserts into a ten-million-row B-tree (measured: 46 s vs 92 s for 1M/3M).
  const deferred: DeferredIndex[] = options.deferIndexes
    ? (sqlite
        .prepare(`SELECT name, sql, tbl_name AS tbl FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(',')}) ORDER BY rowid`)
        .all(...BULK_TABLES) as { name: string; sql: string; tbl: string }[]).map((i) => ({ name: i.name, sql: i.sql, rows: tableRows[i.tbl] ?? 0 }))
    : [];
  for (const index of deferred) sqlite.exec(`DROP INDEX ${index.name}`);

  const g: GenContext = {
    sqlite,
    ids,
    rand: seededRandom(seed),
    nowMs,
    timeZone: branch.time_zone,
    branchId: branch.id,
    otherBranchId: other.id,
    deviceId: device.id,
    receptionStaffIds: staff,
    featured: FEATURED_COUNT,
    batchRows: options.batchRows ?? 50_000,
    progress,
  };
  progress.startPhase(`members (${generatedMembers.toLocaleString('en')} + memberships, cards, tier results)`);
  const members = writeMembers(g, options.members);
  progress.startPhase(`visits (${options.visits.toLocaleString('en')})`);
  writeVisits(g, members, options.visits);

  // Re-created from their own CREATE statements as the migration stored them: the same indexes.
  await buildIndexes(partial, deferred, progress);
  sqlite.prepare('INSERT INTO setting (key, value) VALUES (?, ?)').run(GENERATED_PARAMS_KEY, JSON.stringify(params));
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await kdb.close();

  for (const suffix of ['-wal', '-shm']) rmSync(options.out + suffix, { force: true });
  if (existsSync(partial + '-wal')) throw new Error('the WAL was not checkpointed; refusing to rename a partial file');
  renameSync(partial, options.out);
  return { seconds: progress.elapsedSeconds(), bytes: statSync(options.out).size, params };
}
