import { type Kysely, sql } from 'kysely';
import { BUCKET_CHARS, type BootstrapChecksums, type BootstrapStart, ROSTER_TABLES, ROW_HASH_HEX_DIGITS, type RosterTable } from '../../core/sync/bootstrapProtocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import { readJsonPage } from './bootstrapSql';
import type { WithoutServerTime } from './pushSteps';
import { minRetainedSeq } from './retention';
import { deviceScopes, GLOBAL_SCOPE } from './scopes';

/** The roster tables seen through one shape: an `id` key and a `version`, the rest by name. */
type RosterDB = Record<RosterTable, { id: string; version: number } & Record<string, unknown>>;

function roster(db: Kysely<HqDB>): Kysely<RosterDB> {
  return db as unknown as Kysely<RosterDB>;
}

/**
 * The start of a roster download (SYNC.md "Branch side", first start): where the PC's pull
 * cursors start once the roster is in, read before any roster row, and the row counts.
 *
 * - `global` (the roster): its head. Every change after it is pulled afterwards, so a row that
 *   moves while the roster is paged is corrected by the log.
 * - the branch's scope (visits, not part of the roster): just before its oldest retained change,
 *   so a new PC pulls the branch's recent visits (≥ 35 days, sync/retention.ts) from the log.
 */
export async function bootstrapStart(db: Kysely<HqDB>, device: AuthedDevice): Promise<WithoutServerTime<BootstrapStart>> {
  const scopes = deviceScopes(device);
  const heads = await db.selectFrom('sync_scope').select(['scope', 'last_seq']).where('scope', 'in', scopes).execute();
  const watermark: Record<string, number> = Object.fromEntries(scopes.map((s) => [s, 0]));
  for (const h of heads) watermark[h.scope] = h.scope === GLOBAL_SCOPE ? Number(h.last_seq) : (await minRetainedSeq(db, h.scope)) - 1;
  const tables = [];
  for (const table of ROSTER_TABLES) {
    const { n } = await roster(db).selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    tables.push({ table, rows: Number(n) });
  }
  return { watermark, tables };
}

/**
 * One keyset page of a roster table, by primary key after `after`, in the kiosk's row shape
 * (head office's branch ids), as the JSON text of a BootstrapPage: the rows are built by
 * PostgreSQL (sync/bootstrapSql.ts) and never parsed here. With `bucket`, only the rows of that
 * checksum bucket (a repair).
 */
export async function bootstrapRows(db: Kysely<HqDB>, table: RosterTable, after: string | null, limit: number, bucket?: string): Promise<string> {
  const page = await readJsonPage(db, table, after, limit, bucket);
  return `{"rows":${page.rowsJson},"last":${JSON.stringify(page.last)},"hasMore":${page.hasMore}}`;
}

/**
 * Count and hash per bucket (the last characters of the id) of a roster table, as the kiosk
 * computes them over its staging copy (core/sync/bootstrapProtocol.ts `rowHashInput`).
 */
export async function bootstrapChecksums(db: Kysely<HqDB>, table: RosterTable): Promise<BootstrapChecksums> {
  const bucket = sql<string>`right(id, ${sql.lit(BUCKET_CHARS)})`; // a literal: GROUP BY must see the same expression
  const rowHash = sql<number>`('x' || lpad(substr(md5(id || ':' || version::text), 1, ${ROW_HASH_HEX_DIGITS}), 8, '0'))::bit(32)::int`;
  const rows = await roster(db)
    .selectFrom(table)
    .select([bucket.as('bucket'), sql<string>`count(*)`.as('count'), sql<string>`sum(${rowHash})`.as('hash')])
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  return { table, buckets: rows.map((r) => ({ bucket: r.bucket, count: Number(r.count), hash: Number(r.hash) })) };
}
