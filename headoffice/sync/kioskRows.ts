import { REPLICATED_TABLES, type ReplicatedTableName } from '../../core/sync/replicated';

/**
 * How a head-office value becomes the kiosk's SQLite value (core/sync/replicated.ts): booleans
 * 0/1, instants ISO-8601 UTC text, JSON (jsonb) as text, calendar dates 'YYYY-MM-DD' text.
 * Columns not listed are carried as they are (text and integers).
 */
type ColumnKind = 'boolean' | 'instant' | 'json' | 'date';

const COLUMN_KINDS: { readonly [T in ReplicatedTableName]: Readonly<Partial<Record<(typeof REPLICATED_TABLES)[T]['columns'][number], ColumnKind>>> } = {
  branch: {},
  member: {
    birthday: 'date',
    medical_alert: 'boolean',
    preferred_courses: 'json',
    created_at: 'instant',
    updated_at: 'instant',
    erased_at: 'instant',
  },
  membership: {
    starts_on: 'date',
    valid_until: 'date',
    frozen_from: 'date',
    frozen_until: 'date',
    created_at: 'instant',
    updated_at: 'instant',
  },
  card_binding: { bound_at: 'instant', ended_at: 'instant' },
  visit: { occurred_at: 'instant', overridden_at: 'instant', admitted: 'boolean', reasons: 'json' },
};

function convert(kind: ColumnKind | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't' ? 1 : 0;
    case 'instant':
      return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
    case 'date':
      // Head office keeps calendar dates as text; a Date (a `date`-typed column) is read at UTC.
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'json':
      // jsonb reads back parsed; text that is already JSON passes through unchanged.
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      if (value instanceof Date) return value.toISOString();
      // bigint columns read back as text from node-postgres: `version` must be a number below.
      return value;
  }
}

/**
 * The row as the kiosk stores it, for exactly the table's replicated columns: what the change
 * log and the roster bootstrap send down. Everything else in `hqRow` (sealed columns, the
 * field clock, head-office bookkeeping) is left out. Pure: no I/O, `hqRow` is not changed.
 */
export function toKioskRow(table: ReplicatedTableName, hqRow: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kinds = COLUMN_KINDS[table] as Readonly<Record<string, ColumnKind | undefined>>;
  const out: Record<string, unknown> = {};
  for (const column of REPLICATED_TABLES[table].columns) {
    const value = convert(kinds[column], hqRow[column]);
    out[column] = column === 'version' && value !== null ? Number(value) : value;
  }
  return out;
}
