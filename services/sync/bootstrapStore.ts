import type Database from 'better-sqlite3';
import { type BootstrapStart, BUCKET_CHARS, type BucketChecksum, ROSTER_TABLES, type RosterTable, storedValue } from '../../core/sync/bootstrapProtocol';
import { REPLICATED_TABLES } from '../../core/sync/replicated';
import type { KioskDatabase } from '../../db/connection';
import { prepareErasure } from '../members/erasure';
import { type BranchIds, ChangeApplier } from './changeApplier';
import { loadPendingRefs } from './pendingRefs';
import { PullIssueLog } from './pullIssues';
import { BucketSums } from './bootstrapSums';
import { CursorStore } from './syncState';

export interface BootstrapProgress {
  /** Head of each scope when the download started; null before it has. */
  watermark: Record<string, number> | null;
  done: number;
  total: number;
  completedAt: string | null;
}

export interface TableProgress {
  lastKey: string | null;
  complete: boolean;
}

const staging = (table: RosterTable) => `sync_staging_${table}`;
const columnsOf = (table: RosterTable) => REPLICATED_TABLES[table].columns as readonly string[];
const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');

/** Rows per INSERT statement while staging: one statement per row costs more than the row. */
const ROWS_PER_INSERT = 64;

/**
 * While the roster is written and swapped: a large page cache (KiB, negative as PRAGMA
 * cache_size takes it) — the live tables' secondary indexes take a million keys in random order,
 * and with SQLite's default 2 MB most of those inserts read a page back from the file.
 */
const BOOTSTRAP_CACHE_KIB = 256 * 1024;
const SWAP_PRAGMAS = { cache_size: -BOOTSTRAP_CACHE_KIB };
/**
 * Staging pages also commit without waiting for the disk (synchronous NORMAL: in WAL mode the
 * database stays consistent; a power cut loses at most the last pages, which a resume downloads
 * again) and checkpoint less often, so the file is not synced two or three times per page.
 */
const STAGING_PRAGMAS = { cache_size: -BOOTSTRAP_CACHE_KIB, synchronous: 1, wal_autocheckpoint: 16_384 };

/**
 * The SQLite side of a roster download (migration 0006): the watermark and per-table progress,
 * the staging tables written a page per transaction, their bucket checksums, and the swap of
 * staging into the live tables in one transaction.
 */
export class BootstrapStore {
  private readonly sqlite: Database.Database;
  private readonly cursors: CursorStore;
  /** Bucket sums of the rows this store wrote, per table it wrote from the first page. */
  private readonly written = new Map<RosterTable, BucketSums>();
  /** Per table: one row, and ROWS_PER_INSERT rows, per statement. */
  private readonly insert = new Map<RosterTable, { one: Database.Statement; many: Database.Statement }>();
  private readonly selectState;
  private readonly selectTable;
  private readonly saveTable;
  private readonly addDone;

  constructor(kdb: KioskDatabase) {
    this.sqlite = kdb.sqlite;
    this.cursors = new CursorStore(kdb);
    for (const t of ROSTER_TABLES) {
      const cols = columnsOf(t);
      const values = `(${cols.map(() => '?').join(', ')})`;
      const into = `INSERT OR REPLACE INTO ${staging(t)} (${quoted(cols)}) VALUES `;
      this.insert.set(t, { one: this.sqlite.prepare(into + values), many: this.sqlite.prepare(into + Array<string>(ROWS_PER_INSERT).fill(values).join(', ')) });
    }
    this.selectState = this.sqlite.prepare<[], { watermark: string | null; total_rows: number; done_rows: number; completed_at: string | null }>(
      'SELECT watermark, total_rows, done_rows, completed_at FROM sync_bootstrap WHERE id = 1',
    );
    this.selectTable = this.sqlite.prepare<[string], { last_key: string | null; complete: number }>('SELECT last_key, complete FROM sync_bootstrap_table WHERE table_name = ?');
    this.saveTable = this.sqlite.prepare(
      'INSERT INTO sync_bootstrap_table (table_name, last_key, rows, complete) VALUES (@table, @last, @rows, @complete) ' +
        'ON CONFLICT(table_name) DO UPDATE SET last_key = excluded.last_key, rows = rows + excluded.rows, complete = excluded.complete',
    );
    this.addDone = this.sqlite.prepare('UPDATE sync_bootstrap SET done_rows = done_rows + ? WHERE id = 1');
  }

  read(): BootstrapProgress {
    const r = this.selectState.get();
    if (!r) throw new Error('sync_bootstrap row missing (migration 0006 not applied?)');
    return { watermark: r.watermark ? (JSON.parse(r.watermark) as Record<string, number>) : null, done: r.done_rows, total: Math.max(r.total_rows, r.done_rows), completedAt: r.completed_at };
  }

  /** True until a roster download has completed on this database (a new PC, or after a reset). */
  needed(): boolean {
    return this.read().completedAt === null;
  }

  /** Asks for a new download (a `reset` from head office): the next sync starts one from zero. */
  require(): void {
    this.sqlite.prepare('UPDATE sync_bootstrap SET watermark = NULL, total_rows = 0, done_rows = 0, started_at = NULL, completed_at = NULL WHERE id = 1').run();
  }

  /** Starts a download: the watermark and expected rows; empty staging and progress. One transaction. */
  begin(start: BootstrapStart, at: Date): void {
    this.written.clear();
    this.sqlite.transaction(() => {
      for (const t of ROSTER_TABLES) this.sqlite.prepare(`DELETE FROM ${staging(t)}`).run();
      this.sqlite.prepare('DELETE FROM sync_bootstrap_table').run();
      const total = start.tables.reduce((n, t) => n + t.rows, 0);
      this.sqlite
        .prepare('UPDATE sync_bootstrap SET watermark = ?, total_rows = ?, done_rows = 0, started_at = ?, completed_at = NULL WHERE id = 1')
        .run(JSON.stringify(start.watermark), total, at.toISOString());
    })();
  }

  table(table: RosterTable): TableProgress {
    const r = this.selectTable.get(table);
    return { lastKey: r?.last_key ?? null, complete: r?.complete === 1 };
  }

  /** One page into staging with the table's progress, in one transaction: an interruption resumes after it. */
  writePage(table: RosterTable, rows: readonly (readonly unknown[])[], last: string | null, complete: boolean): void {
    // Sums are kept only for a table written from its first page by this store (not a resume).
    if (!this.written.has(table) && !this.selectTable.get(table)) this.written.set(table, new BucketSums());
    const written = this.written.get(table);
    const sums = written ? this.sumsOf(table, rows) : null;
    this.withPragmas(STAGING_PRAGMAS, () =>
      this.sqlite.transaction(() => {
        this.insertRows(table, rows);
        this.saveTable.run({ table, last, rows: rows.length, complete: complete ? 1 : 0 });
        this.addDone.run(rows.length);
      })(),
    );
    if (sums) written!.merge(sums); // once committed
  }

  /** Rows in REPLICATED_TABLES column order into a staging table, ROWS_PER_INSERT per statement. */
  private insertRows(table: RosterTable, rows: readonly (readonly unknown[])[]): void {
    const { one, many } = this.insert.get(table)!;
    const width = columnsOf(table).length;
    const params: unknown[] = new Array<unknown>(ROWS_PER_INSERT * width);
    let i = 0;
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      for (let r = 0; r < ROWS_PER_INSERT; r++) {
        const row = rows[i + r]!;
        if (row.length !== width) throw new Error(`a ${table} row of ${row.length} values, not ${width}`);
        for (let c = 0; c < width; c++) params[r * width + c] = storedValue(row[c]);
      }
      many.run(params);
    }
    for (; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== width) throw new Error(`a ${table} row of ${row.length} values, not ${width}`);
      one.run(row.map(storedValue));
    }
  }

  /**
   * Runs `fn` with the given pragmas (outside any transaction), then sets them back: the page
   * cache given back once the roster is in, the desk's own durability for its own writes.
   */
  private withPragmas<T>(pragmas: Record<string, number>, fn: () => T): T {
    const before = Object.keys(pragmas).map((name) => [name, Number(this.sqlite.pragma(name, { simple: true }))] as const);
    for (const [name, value] of Object.entries(pragmas)) this.sqlite.pragma(`${name} = ${value}`);
    try {
      return fn();
    } finally {
      for (const [name, value] of before) this.sqlite.pragma(`${name} = ${value}`);
    }
  }

  /**
   * Count and hash per bucket of a staging table, as head office computes them over its own:
   * summed while the pages were written when this store wrote the table from its first page
   * (the download's CPU time, while head office builds the next page), else read back.
   */
  checksums(table: RosterTable): Map<string, BucketChecksum> {
    const written = this.written.get(table);
    if (written && this.table(table).complete) return written.snapshot();
    const out = new BucketSums();
    // Keyset chunks read with all(): several times faster than a row-by-row iterate().
    const chunk = this.sqlite.prepare<[string, number], [string, number]>(`SELECT id, version FROM ${staging(table)} WHERE id > ? ORDER BY id LIMIT ?`).raw();
    for (let after = ''; ; ) {
      const rows = chunk.all(after, 20_000);
      for (const [id, version] of rows) out.add(id, Number(version));
      if (rows.length < 20_000) return out.buckets;
      after = rows[rows.length - 1]![0];
    }
  }

  /** Replaces a bucket of a staging table with head office's rows (a repair), in one transaction. */
  replaceBucket(table: RosterTable, bucket: string, rows: readonly (readonly unknown[])[]): void {
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`DELETE FROM ${staging(table)} WHERE substr(id, -${BUCKET_CHARS}) = ?`).run(bucket);
      this.insertRows(table, rows);
    })();
    const written = this.written.get(table);
    if (written) {
      const sums = this.sumsOf(table, rows);
      written.buckets.delete(bucket);
      written.merge(sums);
    }
  }

  private sumsOf(table: RosterTable, rows: readonly (readonly unknown[])[]): BucketSums {
    const v = columnsOf(table).indexOf('version');
    const sums = new BucketSums();
    for (const row of rows) sums.add(String(row[0]), Number(storedValue(row[v])));
    return sums;
  }

  /**
   * Staging into the live tables and the cursors to the watermark, in one transaction.
   *
   * - Upserts only: a live row head office does not list stays (a registration not pushed yet,
   *   a row the log will delete); head office never deletes members (erasure keeps the row).
   * - A live row named by a pending outbox mutation keeps its local version when that is not
   *   older than head office's (the push will carry it; its result comes down in the log).
   * - A row whose parent is not live (created at head office after the watermark while the
   *   roster was paged) is left for the log, which holds both it and its parent.
   * - Members arriving erased are erased here first, as the deletion workflow does.
   */
  swap(ids: BranchIds, at: Date): void {
    const s = this.sqlite;
    const progress = this.read();
    if (!progress.watermark) throw new Error('no bootstrap to swap in');
    const erase = prepareErasure(s);
    this.withPragmas(SWAP_PRAGMAS, () => s.transaction(() => {
      loadPendingRefs(this.sqlite);
      const protect = (t: string) => `WHERE NOT ("${t}".id IN (SELECT id FROM temp.sync_pending_ref) AND "${t}".version >= excluded.version)`;
      const upsert = (t: RosterTable, select: string, where: string) => {
        const cols = columnsOf(t);
        const set = cols.filter((c) => c !== 'id').map((c) => `"${c}" = excluded."${c}"`).join(', ');
        s.prepare(`INSERT INTO "${t}" (${quoted(cols)}) SELECT ${select} FROM ${staging(t)} AS st WHERE ${where} ON CONFLICT(id) DO UPDATE SET ${set} ${protect(t)}`).run(
          { server: ids.server, local: ids.local },
        );
      };
      const plain = (t: RosterTable, mapped: Record<string, string> = {}) => columnsOf(t).map((c) => mapped[c] ?? `st."${c}"`).join(', ');
      const mapBranch = (c: string) => `CASE WHEN st."${c}" = @server THEN @local ELSE st."${c}" END`;

      // As in a pull: head office's branch takes a code a local-only branch holds, and a local
      // member holding a number head office gave another member moves aside until its own
      // number comes; each recorded for 同步问题. Without this one clash aborts every swap.
      const issues = new PullIssueLog(s, { now: () => at });
      const applier = new ChangeApplier(s, (issue) => issues.record(issue));
      applier.yieldStagedBranchCodes(ids);
      upsert('branch', plain('branch', { id: mapBranch('id') }), 'true');
      for (const m of s.prepare<[], { id: string; erased_at: string }>(
        'SELECT st.id, st.erased_at FROM sync_staging_member st JOIN member m ON m.id = st.id WHERE st.erased_at IS NOT NULL AND m.erased_at IS NULL',
      ).all()) {
        erase.member(m.id, m.erased_at);
        erase.consumptionNotes(m.id);
        erase.outbox(m.id);
      }
      applier.moveAsideStagedMemberNumbers();
      upsert('member', plain('member', { home_branch_id: mapBranch('home_branch_id') }), `${mapBranch('home_branch_id')} IN (SELECT id FROM branch)`);
      upsert('membership', plain('membership'), 'st.member_id IN (SELECT id FROM member)');
      // Head office decided each card's owner: a live active binding it gave to another is ended first.
      s.prepare(
        `UPDATE card_binding SET status = 'replaced', ended_at = coalesce(ended_at, @at)
         WHERE status = 'active' AND id NOT IN (SELECT id FROM temp.sync_pending_ref)
           AND EXISTS (SELECT 1 FROM sync_staging_card_binding st WHERE st.card_uid = card_binding.card_uid AND st.status = 'active' AND st.id <> card_binding.id)`,
      ).run({ at: at.toISOString() });
      // Ended bindings before active ones (a card's new binding after its old); two passes, no sort.
      upsert('card_binding', plain('card_binding'), "st.member_id IN (SELECT id FROM member) AND st.status IS NOT 'active'");
      upsert('card_binding', plain('card_binding'), "st.member_id IN (SELECT id FROM member) AND st.status = 'active'");

      this.cursors.replaceAll(progress.watermark!);
      s.prepare('UPDATE sync_bootstrap SET completed_at = ? WHERE id = 1').run(at.toISOString());
    })());
  }

  /** Empties staging after a swap (its own transaction: the swap is already committed). */
  clearStaging(): void {
    this.written.clear();
    this.sqlite.transaction(() => {
      for (const t of ROSTER_TABLES) this.sqlite.prepare(`DELETE FROM ${staging(t)}`).run();
      this.sqlite.prepare('DELETE FROM sync_bootstrap_table').run();
    })();
  }
}
