import type { z } from 'zod';
import { pullResponse } from '../../core/sync/protocol';
import type { ReplicatedTableName } from '../../core/sync/replicated';
import { addCounts, type ApplyCounts, ChangeApplier, NO_COUNTS } from './changeApplier';
import { PullIssueLog } from './pullIssues';
import { type HeadOfficeRequester, signedFetch } from './signedFetch';
import { CursorStore, type Enrollment } from './syncState';

export const PULL_PATH = '/v1/pull';
export const PULL_PAGE = 1000;
const REQUEST_TIMEOUT_MS = 60_000;

/** How a request to head office that did not succeed ends (the same meaning as PushOutcome's). */
export type SyncFailure = { kind: 'retry'; error: string } | { kind: 'halted'; code: string; error: string };

export type PullOutcome =
  /** `tables`: those a change was written to (caches over them are stale). */
  | { kind: 'pulled'; counts: ApplyCounts; pages: number; tables: Set<ReplicatedTableName> }
  /** A cursor older than the log's retention: drain the outbox, then bootstrap again. */
  | { kind: 'reset'; scope: string }
  | { kind: 'stopped' }
  | SyncFailure;

/** A signed GET to head office, its JSON body checked by `schema`; failures classified like a push's. */
export async function signedGet<S extends z.ZodType>(o: HeadOfficeRequester, enrollment: Enrollment, pathWithQuery: string, schema: S): Promise<{ ok: true; body: z.infer<S> } | { ok: false; failure: SyncFailure }> {
  // A GET changes nothing at head office, so resending it after a REPLAYED is always safe.
  const a = await signedFetch(o, enrollment, { method: 'GET', path: pathWithQuery, timeoutMs: REQUEST_TIMEOUT_MS });
  if (a.kind === 'network') return { ok: false, failure: { kind: 'retry', error: `network: ${a.error instanceof Error ? a.error.message : String(a.error)}` } };
  if (a.kind === 'replayed') return { ok: false, failure: { kind: 'retry', error: `head office keeps seeing this request as a replay (${a.what})` } };
  const { res, err, what } = a;
  if (res.status === 200) {
    const parsed = schema.safeParse(a.json);
    if (parsed.success) return { ok: true, body: parsed.data };
    return { ok: false, failure: { kind: 'retry', error: `head office sent a ${pathWithQuery.split('?')[0]} response this client cannot read` } };
  }
  if (res.status === 429 || res.status >= 500) return { ok: false, failure: { kind: 'retry', error: `head office unavailable (${what})` } };
  if (res.status === 426) return { ok: false, failure: { kind: 'halted', code: 'VERSION_NOT_SUPPORTED', error: `update required: head office no longer accepts this version (${what})` } };
  return { ok: false, failure: { kind: 'halted', code: err ? err.code : String(res.status), error: `head office refused the request (${what})` } };
}

export interface PullClientOptions extends HeadOfficeRequester {
  /** This desk's branch id (SyncEngineOptions.localBranchId); head office's when absent. */
  localBranchId?: string;
  pageSize?: number;
  /** After each committed page that wrote rows, with the tables it wrote (caches to reload). */
  onApplied?: (tables: ReadonlySet<ReplicatedTableName>) => void;
}

/**
 * Pulls the change log of the device's scopes (`global`, then its branch's: members before the
 * visits naming them) and applies each page together with its cursor in one SQLite transaction
 * (SYNC.md "Branch side"): a crash between pages refetches at most one page, which the version
 * check makes harmless.
 */
export class PullClient {
  private readonly applier: ChangeApplier;
  private readonly cursors: CursorStore;

  constructor(private readonly o: PullClientOptions) {
    const issues = new PullIssueLog(o.kdb.sqlite, o.clock);
    this.applier = new ChangeApplier(o.kdb.sqlite, (issue) => issues.record(issue));
    this.cursors = new CursorStore(o.kdb);
  }

  /** The scopes this PC reads, in the order they are pulled. */
  static scopes(enrollment: Enrollment): string[] {
    return ['global', `branch:${enrollment.branchId}`];
  }

  async pullAll(keepGoing: () => boolean = () => true): Promise<PullOutcome> {
    const enrollment = this.o.state.read().enrollment;
    if (!enrollment) return { kind: 'halted', code: 'NOT_ENROLLED', error: 'this PC is not enrolled with head office' };
    let total: ApplyCounts = NO_COUNTS;
    const tables = new Set<ReplicatedTableName>();
    let pages = 0;
    for (const scope of PullClient.scopes(enrollment)) {
      for (;;) {
        if (!keepGoing()) return { kind: 'stopped' };
        const after = this.cursors.get(scope);
        const q = new URLSearchParams({ scope, after: String(after), limit: String(this.o.pageSize ?? PULL_PAGE) });
        const r = await signedGet(this.o, enrollment, `${PULL_PATH}?${q.toString()}`, pullResponse);
        if (!r.ok) return r.failure;
        const page = r.body;
        if (page.reset) return { kind: 'reset', scope };
        let pageTables: ReadonlySet<ReplicatedTableName> = new Set();
        const ids = { server: enrollment.branchId, local: this.o.localBranchId ?? enrollment.branchId };
        this.o.kdb.sqlite.transaction(() => {
          // The cursor is re-read inside: if it moved meanwhile (it cannot, one engine per file), skip.
          if (this.cursors.get(scope) !== after) return;
          const applied = this.applier.apply(page.changes, ids);
          total = addCounts(total, applied.counts);
          for (const t of applied.tables) tables.add(t);
          pageTables = applied.tables;
          this.cursors.set(scope, page.cursor);
        })();
        // After the commit: a cache reloading now reads the page.
        if (pageTables.size > 0) this.o.onApplied?.(pageTables);
        pages++;
        if (!page.hasMore || page.cursor === after) break;
      }
    }
    return { kind: 'pulled', counts: total, pages, tables };
  }
}
