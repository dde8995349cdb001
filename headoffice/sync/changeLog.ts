import type { Transaction } from 'kysely';
import type { HqDB } from '../db/schema';

/** A change a writer made, given its seq when its transaction ends. */
export interface PendingChange {
  scope: string;
  table: string;
  pk: string;
  op: 'upsert' | 'delete';
  row: Record<string, unknown> | null;
  version: number;
}

/**
 * Appends the changes to the change log, taking each scope's seqs at the end of the writing
 * transaction by `UPDATE sync_scope … RETURNING` (the row lock makes seq order commit order),
 * scopes locked in a fixed (sorted) order. The same way as a push (headoffice/sync/push.ts), for
 * writers outside a push: the admin creating a branch.
 */
export async function appendChangesInTransaction(trx: Transaction<HqDB>, changes: readonly PendingChange[]): Promise<void> {
  const byScope = new Map<string, PendingChange[]>();
  for (const c of changes) byScope.set(c.scope, [...(byScope.get(c.scope) ?? []), c]);
  for (const scope of [...byScope.keys()].sort()) {
    const list = byScope.get(scope)!;
    await trx.insertInto('sync_scope').values({ scope, last_seq: 0 }).onConflict((oc) => oc.column('scope').doNothing()).execute();
    const { last_seq } = await trx
      .updateTable('sync_scope')
      .set((eb) => ({ last_seq: eb('last_seq', '+', list.length) }))
      .where('scope', '=', scope)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const last = Number(last_seq);
    const first = last - list.length + 1;
    await trx
      .insertInto('change_log')
      .values(list.map((c, i) => ({ scope, seq: first + i, tx_last_seq: last, table_name: c.table, pk: c.pk, op: c.op, row: c.row === null ? null : JSON.stringify(c.row), version: c.version })))
      .execute();
  }
}
