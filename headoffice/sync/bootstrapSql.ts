import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BUCKET_CHARS, type RosterTable } from '../../core/sync/bootstrapProtocol';
import { REPLICATED_TABLES } from '../../core/sync/replicated';
import type { HqDB } from '../db/schema';

/**
 * A roster page built as JSON text by PostgreSQL, sent by the route as it is: a million-member
 * roster is three million rows, and parsing each into an object, converting it and stringifying
 * it again in Node cost more than everything else in the download together.
 *
 * Each row is an array of the table's replicated columns in REPLICATED_TABLES order, each value
 * converted in SQL exactly as toKioskRow (sync/kioskRows.ts) converts it — booleans 0/1, instants
 * ISO-8601 UTC with milliseconds, calendar dates 'YYYY-MM-DD' — except JSON columns, which travel
 * as the JSON value itself (PostgreSQL's text of a jsonb is not JSON.stringify's; the kiosk stores
 * JSON.stringify of the value, which is what toKioskRow gives). toKioskRow stays the definition:
 * headoffice/bootstrapSql.test.ts checks that both give the same row for every column, with and
 * without a value.
 *
 * SECURITY.md "Head-office API" (parameterised SQL only): every value is a bound parameter of a
 * Kysely `sql` template; table and column names come from the ROSTER_TABLES / REPLICATED_TABLES
 * constants through sql.table / sql.ref, never from a request.
 */
type SqlKind = 'boolean' | 'instant' | 'date' | 'json';

/** The columns converted in SQL (the same kinds as toKioskRow's; the rest travel as stored). */
const SQL_KINDS: { readonly [T in RosterTable]: Readonly<Partial<Record<(typeof REPLICATED_TABLES)[T]['columns'][number], SqlKind>>> } = {
  branch: {},
  member: { birthday: 'date', medical_alert: 'boolean', preferred_courses: 'json', created_at: 'instant', updated_at: 'instant', erased_at: 'instant' },
  membership: { starts_on: 'date', valid_until: 'date', frozen_from: 'date', frozen_until: 'date', created_at: 'instant', updated_at: 'instant' },
  card_binding: { bound_at: 'instant', ended_at: 'instant' },
};

/** Date.prototype.toISOString's shape; to_char truncates microseconds as node-postgres does. */
const ISO_INSTANT = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

function cell(kind: SqlKind | undefined, column: string): RawBuilder<unknown> {
  const c = sql.ref(`p.${column}`);
  switch (kind) {
    case 'boolean':
      return sql`(${c})::int`;
    case 'instant':
      return sql`to_char(${c} AT TIME ZONE 'UTC', ${ISO_INSTANT})`;
    case 'date':
      return sql`left(${c}, 10)`;
    case 'json':
    case undefined:
      return sql`${c}`;
  }
}

export interface JsonPage {
  /** The rows as a JSON array of arrays. */
  rowsJson: string;
  last: string | null;
  hasMore: boolean;
}

/** One keyset page by primary key after `after` (and of one checksum bucket), as JSON text. */
export async function readJsonPage(db: Kysely<HqDB>, table: RosterTable, after: string | null, limit: number, bucket?: string): Promise<JsonPage> {
  const columns = REPLICATED_TABLES[table].columns as readonly string[];
  const kinds = SQL_KINDS[table] as Readonly<Record<string, SqlKind | undefined>>;
  const cells = sql.join(columns.map((c) => cell(kinds[c], c)));
  const conditions = [sql`true`];
  if (after !== null) conditions.push(sql`t.id > ${after}`);
  if (bucket !== undefined) conditions.push(sql`right(t.id, ${BUCKET_CHARS}) = ${bucket}`);
  // One row past the page tells whether there is more; it is counted, never sent.
  const { rows } = await sql<{ rows: string; last: string | null; has_more: boolean }>`
    SELECT coalesce(json_agg(json_build_array(${cells}) ORDER BY p.n) FILTER (WHERE p.n <= ${limit}), '[]')::text AS rows,
           max(p.id) FILTER (WHERE p.n <= ${limit}) AS last,
           count(*) > ${limit} AS has_more
    FROM (SELECT ${sql.join(columns.map((c) => sql.ref(`t.${c}`)))}, row_number() OVER (ORDER BY t.id) AS n
          FROM ${sql.table(table)} AS t
          WHERE ${sql.join(conditions, sql` AND `)}
          ORDER BY t.id
          LIMIT ${limit + 1}) AS p`.execute(db);
  const r = rows[0]!;
  return { rowsJson: r.rows, last: r.last ?? after, hasMore: r.has_more };
}
