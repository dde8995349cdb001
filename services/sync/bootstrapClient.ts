import {
  BOOTSTRAP_CHECKSUMS_PATH,
  BOOTSTRAP_PATH,
  BOOTSTRAP_ROWS_PATH,
  bootstrapChecksums,
  bootstrapPage,
  bootstrapStart,
  DEFAULT_BOOTSTRAP_PAGE,
  ROSTER_TABLES,
  type RosterTable,
  rowsFit,
} from '../../core/sync/bootstrapProtocol';
import type { z } from 'zod';
import { BootstrapStore } from './bootstrapStore';
import { signedGet, type SyncFailure } from './pullClient';
import type { HeadOfficeRequester } from './signedFetch';

export type BootstrapOutcome =
  /** The roster is live and the cursors sit at the watermark. */
  | { kind: 'complete'; rows: number; repaired: { table: RosterTable; bucket: string }[] }
  | { kind: 'stopped' }
  | SyncFailure;

export interface BootstrapClientOptions extends HeadOfficeRequester {
  localBranchId?: string;
  /** Rows per page (default DEFAULT_BOOTSTRAP_PAGE). */
  pageSize?: number;
  /** Checksum rounds before the swap; buckets still differing are left to the log (rows moved meanwhile). */
  verifyRounds?: number;
  /** After each committed page (the desk shows the progress). */
  onProgress?: () => void;
}

type GetResult<S extends z.ZodType> = { ok: true; body: z.infer<S> } | { ok: false; failure: SyncFailure };
type Get = <S extends z.ZodType>(pathWithQuery: string, schema: S) => Promise<GetResult<S>>;

/**
 * The roster download of a new or reset PC (SYNC.md "Branch side", first start): the watermark,
 * then each global table in keyset pages into staging — a page and its progress per
 * transaction, so an interruption resumes after the last committed page — then per-bucket
 * checksums against head office with only the differing buckets downloaded again, then the
 * swap into the live tables with the cursors set to the watermark. The pull that follows
 * brings every change made after the watermark, including those made while paging.
 */
export class BootstrapClient {
  readonly store: BootstrapStore;

  constructor(private readonly o: BootstrapClientOptions) {
    this.store = new BootstrapStore(o.kdb);
  }

  needed(): boolean {
    return this.store.needed();
  }

  /** Rows downloaded and expected, while a download is needed; null once complete. */
  progress(): { done: number; total: number } | null {
    const p = this.store.read();
    return p.completedAt ? null : { done: p.done, total: p.total };
  }

  async run(keepGoing: () => boolean = () => true): Promise<BootstrapOutcome> {
    const enrollment = this.o.state.read().enrollment;
    if (!enrollment) return { kind: 'halted', code: 'NOT_ENROLLED', error: 'this PC is not enrolled with head office' };
    const get: Get = (path, schema) => signedGet(this.o, enrollment, path, schema);

    if (!this.store.read().watermark) {
      const start = await get(BOOTSTRAP_PATH, bootstrapStart);
      if (!start.ok) return start.failure;
      this.store.begin(start.body, this.o.clock.now());
    }

    const limit = String(this.o.pageSize ?? DEFAULT_BOOTSTRAP_PAGE);
    // The tables download side by side: head office builds one table's page while this PC
    // writes another's. The first failure stops the others after the page each has in flight.
    let failure = null as SyncFailure | null;
    const halted = () => failure !== null || !keepGoing();
    const ends = await Promise.all(
      ROSTER_TABLES.map((table) =>
        this.downloadTable(get, table, limit, halted).then((end) => {
          if (end !== 'complete' && end !== 'stopped') failure ??= end;
          return end;
        }),
      ),
    );
    if (failure) return failure;
    if (ends.includes('stopped')) return { kind: 'stopped' };

    const repaired: { table: RosterTable; bucket: string }[] = [];
    for (let round = 0; round < (this.o.verifyRounds ?? 3); round++) {
      let mismatched = 0;
      for (const table of ROSTER_TABLES) {
        if (!keepGoing()) return { kind: 'stopped' };
        const remote = await get(`${BOOTSTRAP_CHECKSUMS_PATH}?${new URLSearchParams({ table }).toString()}`, bootstrapChecksums);
        if (!remote.ok) return remote.failure;
        const local = this.store.checksums(table);
        const theirs = new Map(remote.body.buckets.map((b) => [b.bucket, b]));
        const differing = [...new Set([...local.keys(), ...theirs.keys()])].filter((bucket) => {
          const a = local.get(bucket);
          const b = theirs.get(bucket);
          return a?.count !== b?.count || a?.hash !== b?.hash;
        });
        for (const bucket of differing.sort()) {
          const rows = await this.downloadBucket(get, table, bucket, limit);
          if (!Array.isArray(rows)) return rows;
          this.store.replaceBucket(table, bucket, rows);
          repaired.push({ table, bucket });
        }
        mismatched += differing.length;
      }
      if (mismatched === 0) break;
    }

    if (!keepGoing()) return { kind: 'stopped' };
    const now = this.o.clock.now();
    this.store.swap({ server: enrollment.branchId, local: this.o.localBranchId ?? enrollment.branchId }, now);
    const rows = this.store.read().done;
    this.store.clearStaging();
    return { kind: 'complete', rows, repaired };
  }

  /**
   * One table's pages into staging, one page read ahead: head office reads the next page while
   * this one is written. Once `halted`, nothing more is asked for and the page that arrives is
   * still written — a page that reached this PC is never asked for again.
   */
  private async downloadTable(get: Get, table: RosterTable, limit: string, halted: () => boolean): Promise<'complete' | 'stopped' | SyncFailure> {
    const p = this.store.table(table);
    if (p.complete) return 'complete';
    const pageAfter = (after: string | null) => getPage(get, table, new URLSearchParams({ table, ...(after ? { after } : {}), limit }));
    let next = pageAfter(p.lastKey);
    for (;;) {
      const page = await next;
      if (!page.ok) return page.failure;
      const more = page.body.hasMore && !halted();
      if (more) next = pageAfter(page.body.last);
      this.store.writePage(table, page.body.rows, page.body.last, !page.body.hasMore);
      this.o.onProgress?.();
      if (!page.body.hasMore) return 'complete';
      if (!more) return 'stopped';
    }
  }

  /** Every row of one bucket, in keyset pages (held in memory: a bucket is 1/256 of a table). */
  private async downloadBucket(get: Get, table: RosterTable, bucket: string, limit: string): Promise<unknown[][] | SyncFailure> {
    const rows: unknown[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: GetResult<typeof bootstrapPage> = await getPage(get, table, new URLSearchParams({ table, ...(after ? { after } : {}), limit, bucket }));
      if (!page.ok) return page.failure;
      for (const r of page.body.rows) rows.push(r);
      if (!page.body.hasMore) return rows;
      after = page.body.last;
    }
  }
}

/** A page of rows, its rows checked against the table's columns (the schema checks the shape only). */
async function getPage(get: Get, table: RosterTable, q: URLSearchParams): Promise<GetResult<typeof bootstrapPage>> {
  const page = await get(`${BOOTSTRAP_ROWS_PATH}?${q.toString()}`, bootstrapPage);
  if (page.ok && !rowsFit(table, page.body.rows)) return { ok: false, failure: { kind: 'retry', error: `head office sent ${table} rows this client cannot read` } };
  return page;
}
