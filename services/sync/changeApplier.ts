import type Database from 'better-sqlite3';
import type { Change } from '../../core/sync/protocol';
import { isReplicatedTable, REPLICATED_TABLES, type ReplicatedTableName } from '../../core/sync/replicated';
import { prepareErasure } from '../members/erasure';

/** Head office's branch id ↔ this desk's, for the columns REPLICATED_TABLES lists per table. */
export interface BranchIds {
  /** The branch head office enrolled this PC under (sync_state.branch_id). */
  server: string;
  /** This desk's own branch row id (may equal `server`). */
  local: string;
}

export interface ApplyCounts {
  applied: number;
  /** Not newer than the local row (a refetched page, or an older version). */
  stale: number;
  /** Unknown tables, another branch's branch-scoped rows, rows whose parent is missing here. */
  skipped: number;
  /** Refused by this database for a data reason (a constraint, a value SQLite cannot hold): reported as an issue, then passed. */
  failed: number;
}

export const NO_COUNTS: ApplyCounts = Object.freeze({ applied: 0, stale: 0, skipped: 0, failed: 0 });

export function addCounts(a: ApplyCounts, b: ApplyCounts): ApplyCounts {
  return { applied: a.applied + b.applied, stale: a.stale + b.stale, skipped: a.skipped + b.skipped, failed: a.failed + b.failed };
}

/** What applying a page did: the counts, and the tables it wrote (caches of those tables are stale). */
export interface ApplyResult {
  counts: ApplyCounts;
  tables: Set<ReplicatedTableName>;
}

/** Something the desk should be told about, reported while the page applies (see pullIssues.ts). */
export type ApplyIssue =
  /** A change this database refused for a data reason; skipped so the rest of the log still comes down. */
  | { kind: 'rowFailed'; change: Pick<Change, 'scope' | 'seq' | 'table' | 'pk' | 'op' | 'version'>; reason: string }
  /** Head office's branch took a code a local-only branch row held; that row now carries `to`. */
  | { kind: 'branchCodeYielded'; branchId: string; from: string; to: string; winnerId: string }
  /** Head office gave the member number a local member held to member `winnerId`: the local one was moved aside (movedAsideMemberNo). */
  | { kind: 'memberNoMovedAside'; memberId: string; winnerId: string };

/** The suffix a local branch row's code gets when head office's branch with the same code arrives. */
export const YIELDED_CODE_SUFFIX = '~local';

/**
 * The number a local member holds while head office's number for it is on its way: outside the
 * `M<digits>` shape every real number has, so it can never collide with one, and unique by id.
 */
export function movedAsideMemberNo(memberId: string): string {
  return `~${memberId}`;
}

/** A row as head office sent it, with its branch ids mapped to this desk's. */
export function mapBranchIds(table: ReplicatedTableName, row: Record<string, unknown>, ids: BranchIds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of REPLICATED_TABLES[table].columns) out[c] = row[c] ?? null;
  if (row.version !== undefined) out.version = row.version;
  if (ids.server === ids.local) return out;
  for (const c of REPLICATED_TABLES[table].branchColumns) if (out[c] === ids.server) out[c] = ids.local;
  return out;
}

/** SQLite binds numbers, text, null and buffers: booleans become 0/1, objects JSON text. */
function bindable(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value ?? null;
}

interface TableStatements {
  version: Database.Statement<[string], { version: number; erased_at?: string | null; member_no?: string }>;
  upsert: Database.Statement;
  remove: Database.Statement<[string]>;
  columns: readonly string[];
}

/**
 * Applies change-log rows to the replicated tables (SYNC.md "Branch side"). Call inside the
 * transaction that also moves the scope's cursor, so a page and its cursor commit together.
 *
 * - Version check: a row is written only when its version is above the local one (or it is new
 *   here); a refetched page, or an older version, changes nothing. This also keeps a row with a
 *   pending local mutation (whose version the local edit already bumped) from being overwritten
 *   by an older head-office version; a newer one wins, and the pending mutation's own effect
 *   comes back down through the log once head office applies it.
 * - Only the whitelisted columns are written: a member's sealed columns and blind index stay.
 * - A member arriving erased is erased here first as the deletion workflow does
 *   (services/members/erasure.ts): sealed fields, consumption notes, queued mutations' values.
 * - An active card binding demotes a local active binding of the same card to `replaced`:
 *   head office decided the card's owner, and the loser's own row follows in the log.
 * - A row whose parent is missing here (foreign key) is skipped rather than wedging the pull.
 * - A branch row whose code a local-only branch row holds takes the code (yieldBranchCode).
 * - A member row whose number another local member holds takes it; the local holder is moved
 *   aside until its own number comes down (moveAsideMemberNo).
 * - Any other row this database refuses for a data reason is counted as `failed`, reported to
 *   `onIssue` and passed: the cursor moves on, and the desk lists the row as a sync issue.
 */
export class ChangeApplier {
  private readonly tables = new Map<ReplicatedTableName, TableStatements>();
  private readonly erase;
  private readonly demoteCard;
  private readonly branchByCode;
  private readonly setBranchCode;
  private readonly memberNoHolder;
  private readonly setMemberNo;
  private readonly savepoint: (write: () => void) => void;
  /** Issues of the change being written, reported only once its savepoint has committed. */
  private pendingIssues: ApplyIssue[] = [];

  constructor(
    private readonly sqlite: Database.Database,
    private readonly onIssue: (issue: ApplyIssue) => void = () => {},
  ) {
    for (const name of Object.keys(REPLICATED_TABLES) as ReplicatedTableName[]) {
      const t = REPLICATED_TABLES[name];
      // `version` is written for every table (the visit row's column list leaves it to the change).
      const cols = [...new Set([...(t.columns as readonly string[]), 'version'])];
      const pk = t.primaryKey;
      const updates = cols.filter((c) => c !== pk).map((c) => `"${c}" = excluded."${c}"`);
      this.tables.set(name, {
        columns: cols,
        version: sqlite.prepare(`SELECT version${name === 'member' ? ', erased_at, member_no' : ''} FROM "${name}" WHERE "${pk}" = ?`),
        upsert: sqlite.prepare(
          `INSERT INTO "${name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')}) ` +
            `ON CONFLICT("${pk}") DO UPDATE SET ${updates.join(', ')}`,
        ),
        remove: sqlite.prepare(`DELETE FROM "${name}" WHERE "${pk}" = ?`),
      });
    }
    this.erase = prepareErasure(sqlite);
    this.demoteCard = sqlite.prepare("UPDATE card_binding SET status = 'replaced', ended_at = coalesce(ended_at, @at) WHERE card_uid = @card_uid AND status = 'active' AND id <> @id");
    this.branchByCode = sqlite.prepare<[string, string], { id: string; code: string }>('SELECT id, code FROM branch WHERE code = ? AND id <> ?');
    this.setBranchCode = sqlite.prepare('UPDATE branch SET code = ? WHERE id = ?');
    this.memberNoHolder = sqlite.prepare<[string, string], { id: string }>('SELECT id FROM member WHERE member_no = ? AND id <> ?');
    this.setMemberNo = sqlite.prepare('UPDATE member SET member_no = ? WHERE id = ?');
    // Inside the page's transaction this is a savepoint: a refused row leaves none of its writes behind.
    this.savepoint = sqlite.transaction((write: () => void) => write());
  }

  /** Applies the changes in order. Only inside a transaction. */
  apply(changes: readonly Change[], ids: BranchIds): ApplyResult {
    if (!this.sqlite.inTransaction) throw new Error('changes are applied in the transaction that moves their cursor');
    const counts: ApplyCounts = { ...NO_COUNTS };
    const tables = new Set<ReplicatedTableName>();
    for (const c of changes) {
      const outcome = this.applyOne(c, ids);
      counts[outcome]++;
      if (outcome === 'applied' && isReplicatedTable(c.table)) tables.add(c.table);
    }
    return { counts, tables };
  }

  private applyOne(c: Change, ids: BranchIds): keyof ApplyCounts {
    if (!isReplicatedTable(c.table)) return 'skipped'; // a table of a newer app version
    const t = this.tables.get(c.table)!;
    const pk = c.table === 'branch' && c.pk === ids.server ? ids.local : c.pk;
    const local = t.version.get(pk);
    if (c.op === 'delete') {
      if (!local) return 'stale';
      if (c.version < local.version) return 'stale';
      return this.guarded(c, () => t.remove.run(pk));
    }
    if (!c.row) return 'skipped';
    const row = mapBranchIds(c.table, { ...c.row, version: c.version }, ids);
    if (local && !(c.version > local.version)) {
      // A member moved aside takes its number from head office even from a version not newer
      // than a local edit's (the edit's own effect comes down later): only the number is taken.
      if (c.table === 'member' && local.member_no === movedAsideMemberNo(pk) && typeof row.member_no === 'string') {
        const memberNo = row.member_no;
        return this.guarded(c, () => {
          this.moveAsideMemberNo(memberNo, pk);
          this.setMemberNo.run(memberNo, pk);
        });
      }
      return 'stale';
    }
    if (REPLICATED_TABLES[c.table].scope === 'branch' && row.branch_id !== ids.local) return 'skipped';
    const params: Record<string, unknown> = {};
    for (const col of t.columns) params[col] = bindable(row[col]);
    return this.guarded(c, () => {
      if (c.table === 'member' && local && !local.erased_at && typeof row.erased_at === 'string') {
        this.erase.member(pk, row.erased_at);
        this.erase.consumptionNotes(pk);
        this.erase.outbox(pk);
      }
      if (c.table === 'card_binding' && row.status === 'active') this.demoteCard.run({ card_uid: row.card_uid, id: row.id, at: row.bound_at });
      if (c.table === 'branch' && typeof row.code === 'string') this.yieldBranchCode(row.code, pk);
      if (c.table === 'member' && typeof row.member_no === 'string') this.moveAsideMemberNo(row.member_no, pk);
      t.upsert.run(params);
    });
  }

  /**
   * The roster swap's counterpart (bootstrapStore.swap calls it in its transaction, before its
   * branch upsert): every staged branch takes its code from a local-only holder the same way.
   */
  yieldStagedBranchCodes(ids: BranchIds): void {
    for (const b of this.sqlite.prepare<[], { id: string; code: unknown }>('SELECT id, code FROM sync_staging_branch').all()) {
      if (typeof b.code !== 'string') continue;
      this.pendingIssues = [];
      this.yieldBranchCode(b.code, b.id === ids.server ? ids.local : b.id);
      for (const issue of this.pendingIssues) this.onIssue(issue);
    }
  }

  /**
   * The roster swap's counterpart for member numbers (bootstrapStore.swap calls it in its
   * transaction, before its member upsert): every local member holding a number a staged member
   * of another id carries is moved aside. One lookup of the member_no index per staged row.
   */
  moveAsideStagedMemberNumbers(): void {
    const holders = this.sqlite
      .prepare<[], { id: string; winner: string }>('SELECT m.id AS id, st.id AS winner FROM sync_staging_member st JOIN member m ON m.member_no = st.member_no WHERE m.id <> st.id')
      .all();
    for (const h of holders) {
      this.setMemberNo.run(movedAsideMemberNo(h.id), h.id);
      this.onIssue({ kind: 'memberNoMovedAside', memberId: h.id, winnerId: h.winner });
    }
  }

  /**
   * Head office gives each member number to one member, but a desk may hold a number it made
   * before enrolling that head office gave to another (DECISIONS.md "Member numbers"): head
   * office renumbered this desk's member, and that row comes later in the log. Until then the
   * local member carries movedAsideMemberNo (its id keeps its visits and cards attached); staff
   * see the issue on the sync issues screen.
   */
  private moveAsideMemberNo(memberNo: string, winnerId: string): void {
    const holder = this.memberNoHolder.get(memberNo, winnerId);
    if (!holder) return;
    this.setMemberNo.run(movedAsideMemberNo(holder.id), holder.id);
    this.pendingIssues.push({ kind: 'memberNoMovedAside', memberId: holder.id, winnerId });
  }

  /**
   * Branch codes are unique, and every desk seeds its own branch rows (local ids) before it ever
   * talks to head office. Head office names the chain's branches, so its row takes the code; a
   * local row holding it keeps its id (its members and visits stay attached) and gets the code
   * with a suffix, which staff see in the manage screens and which the next bootstrap or an
   * admin can tidy. The desk's own row is never here: its id is mapped to head office's.
   */
  private yieldBranchCode(code: string, winnerId: string): void {
    const holder = this.branchByCode.get(code, winnerId);
    if (!holder) return;
    // A code that already yielded once moves on to the next number rather than growing suffixes.
    const base = code.replace(/~local\d*$/, '');
    let moved = `${base}${YIELDED_CODE_SUFFIX}`;
    for (let n = 2; moved === code || this.branchByCode.get(moved, holder.id); n++) moved = `${base}${YIELDED_CODE_SUFFIX}${n}`;
    this.setBranchCode.run(moved, holder.id);
    this.pendingIssues.push({ kind: 'branchCodeYielded', branchId: holder.id, from: code, to: moved, winnerId });
  }

  /**
   * Runs one change's writes in a savepoint. A missing parent is an expected gap (skipped); any
   * other refusal for a data reason is reported and passed, so one bad row cannot hold the cursor
   * back forever. Errors of the database itself (busy, disk full, I/O) still fail the page.
   */
  private guarded(c: Change, write: () => void): keyof ApplyCounts {
    this.pendingIssues = [];
    try {
      this.savepoint(write);
      for (const issue of this.pendingIssues) this.onIssue(issue);
      return 'applied';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'skipped';
      if (!isDataRefusal(error)) throw error;
      const reason = `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
      this.onIssue({ kind: 'rowFailed', change: { scope: c.scope, seq: c.seq, table: c.table, pk: c.pk, op: c.op, version: c.version }, reason });
      return 'failed';
    }
  }
}

/** SQLite codes that mean "this row's values", not "this database": retrying cannot help either way, but only these are safe to pass. */
const DATA_CODES = new Set(['SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE']);

function isDataRefusal(error: unknown): boolean {
  // better-sqlite3 refuses a value it cannot bind with a TypeError or RangeError before SQLite runs.
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || DATA_CODES.has(code));
}
