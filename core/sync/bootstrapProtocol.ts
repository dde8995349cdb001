import { z } from 'zod';
import { REPLICATED_TABLES } from './replicated';

/**
 * The roster download of a new or reset branch PC (SYNC.md "Branch side", first start): read a
 * watermark, download the global tables in keyset pages, verify per-bucket checksums, then pull
 * the change log from the watermark. Signed and versioned like pull (core/sync/protocol.ts).
 *
 *   GET /v1/bootstrap                                  → bootstrapStart
 *   GET /v1/bootstrap/rows?table=&after=&limit=&bucket= → bootstrapPage
 *   GET /v1/bootstrap/checksums?table=                 → bootstrapChecksums
 */
export const BOOTSTRAP_PATH = '/v1/bootstrap';
export const BOOTSTRAP_ROWS_PATH = '/v1/bootstrap/rows';
export const BOOTSTRAP_CHECKSUMS_PATH = '/v1/bootstrap/checksums';
export const DEFAULT_BOOTSTRAP_PAGE = 10_000;
export const MAX_BOOTSTRAP_PAGE = 20_000;

/** The roster tables, in the order they are downloaded and swapped in (parents first). */
export const ROSTER_TABLES = ['branch', 'member', 'membership', 'card_binding'] as const;
export type RosterTable = (typeof ROSTER_TABLES)[number];

export function isRosterTable(name: string): name is RosterTable {
  return (ROSTER_TABLES as readonly string[]).includes(name);
}

const instant = z.iso.datetime({ offset: true });

export const bootstrapStart = z
  .object({
    /** The head (last_seq) of every scope the device may read, read before any roster row. */
    watermark: z.record(z.string(), z.number().int().min(0)),
    /** Rows per roster table now (progress only: the roster moves while it is read). */
    tables: z.array(z.object({ table: z.string(), rows: z.number().int().min(0) }).strict()),
    serverTime: instant,
  })
  .strict();
export type BootstrapStart = z.infer<typeof bootstrapStart>;

/**
 * A page of rows. Each row is an array of the table's columns in REPLICATED_TABLES order (a
 * million-member roster is three million rows: arrays parse several times faster than objects).
 * Values are the kiosk's SQLite values (core/sync/replicated.ts) except JSON columns, which come
 * as the JSON value itself and are stored as its JSON text. The schema checks the page's shape
 * only; `rowsFit` checks each row's arity, and SQLite refuses any value it cannot store.
 */
export const bootstrapPage = z
  .object({
    /** Rows by primary key, head office's branch ids. */
    rows: z.custom<unknown[][]>((v) => Array.isArray(v), 'rows must be an array'),
    /** The last primary key of this page: the `after` of the next one. */
    last: z.string().nullable(),
    hasMore: z.boolean(),
  })
  .strict();
export type BootstrapPage = z.infer<typeof bootstrapPage>;

/** True when every row is an array of the table's columns with a text primary key first. */
export function rowsFit(table: RosterTable, rows: readonly unknown[]): rows is unknown[][] {
  const n = REPLICATED_TABLES[table].columns.length;
  for (const r of rows) if (!Array.isArray(r) || r.length !== n || typeof r[0] !== 'string') return false;
  return true;
}

/** A row value as the kiosk stores it: a JSON value (a JSON column) as its JSON text, booleans 0/1. */
export function storedValue(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

export const bucketChecksum = z.object({ bucket: z.string(), count: z.number().int().min(0), hash: z.number().int().min(0) }).strict();
export type BucketChecksum = z.infer<typeof bucketChecksum>;

export const bootstrapChecksums = z.object({ table: z.string(), buckets: z.array(bucketChecksum) }).strict();
export type BootstrapChecksums = z.infer<typeof bootstrapChecksums>;

/**
 * A row's bucket: the last two characters of its primary key. Ids are UUIDv7, whose leading
 * characters are a timestamp; the trailing ones are random, so buckets are even (256 of them).
 */
export const BUCKET_CHARS = 2;
export function bucketOf(pk: string): string {
  return pk.slice(-BUCKET_CHARS);
}

/**
 * A row's contribution to its bucket's hash: the first 28 bits (7 hex digits) of
 * md5("<pk>:<version>"); a bucket's hash is the sum over its rows (order-free: computed by
 * PostgreSQL in SQL at head office, in JS at the branch). It covers which rows exist and their
 * versions — every write at head office bumps the version, so a missing, extra or stale row
 * shows as a mismatch.
 */
export const ROW_HASH_HEX_DIGITS = 7;
export function rowHashInput(pk: string, version: number): string {
  return `${pk}:${version}`;
}
