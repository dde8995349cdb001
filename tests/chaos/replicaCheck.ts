/**
 * The oracle of the convergence property's pull side: head office's change log. After a final
 * sync, every row the log's `global` scope and the branch's own scope hold (at its latest
 * version) is in the branch's replica with the same values, and every row the log deletes is
 * gone. Rows only the branch has (its demo history, never at head office) are not compared.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { isReplicatedTable, REPLICATED_TABLES } from '../../core/sync/replicated';
import type { HqDB } from '../../headoffice/db/schema';

interface SqliteLike {
  prepare(sql: string): { get(...args: unknown[]): unknown };
}

interface LogRow {
  table_name: string;
  pk: string;
  op: 'upsert' | 'delete';
  row: unknown;
}

/** `localBranchId`: the desk's own branch row id (head office's id is mapped to it). Returns the rows compared. */
export async function expectReplicaEqualsHeadOffice(db: Kysely<HqDB>, sqlite: SqliteLike, branch: { local: string; hq: string }): Promise<number> {
  const hqBranchId = branch.hq;
  const log = (await db
    .selectFrom('change_log')
    .select(['table_name', 'pk', 'op', 'row'])
    .where('scope', 'in', ['global', `branch:${hqBranchId}`])
    .orderBy('scope')
    .orderBy('seq')
    .execute()) as LogRow[];
  const latest = new Map<string, LogRow>();
  for (const r of log) latest.set(`${r.table_name}\u0000${r.pk}`, r);

  const localBranch = branch.local;
  const toLocal = (table: keyof typeof REPLICATED_TABLES, column: string, value: unknown) =>
    (REPLICATED_TABLES[table].branchColumns as readonly string[]).includes(column) && value === hqBranchId ? localBranch : value;
  let compared = 0;
  for (const r of latest.values()) {
    if (!isReplicatedTable(r.table_name)) continue;
    const table = r.table_name;
    const spec = REPLICATED_TABLES[table];
    const localPk = toLocal(table, spec.primaryKey, r.pk);
    const local = sqlite.prepare(`SELECT ${spec.columns.join(', ')} FROM ${table} WHERE ${spec.primaryKey} = ?`).get(localPk) as Record<string, unknown> | undefined;
    if (r.op === 'delete') {
      expect(local, `${table} ${r.pk} deleted at head office`).toBeUndefined();
      continue;
    }
    const row = (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Record<string, unknown>;
    const expected = Object.fromEntries(spec.columns.map((c) => [c, toLocal(table, c, row[c] ?? null)]));
    expect(local, `${table} ${r.pk} at the branch`).toEqual(expected);
    compared++;
  }
  return compared;
}
