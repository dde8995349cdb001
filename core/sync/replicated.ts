/**
 * The tables that come down from head office to branches (SYNC.md "Data by direction"), in the
 * kiosk's own table and column names (db/schema.ts). Head office writes change-log rows in
 * exactly this shape (`row` holds these columns, SQLite-typed: booleans 0/1, JSON as text,
 * instants as ISO strings); the branch applies them through a whitelist of these columns only.
 *
 * What never travels down (SECURITY.md "Branch replicas hold only what check-in needs"): the
 * sealed columns (ID number, health notes, emergency contact — sealed with the registering
 * branch's own key, unreadable elsewhere anyway) and the blind index (its key is never
 * replicated). Applying a member row leaves the local sealed columns as they are.
 *
 * Branch ids inside rows are head office's; the branch maps its enrolled head-office branch id
 * to its local branch id in the columns listed in `branchColumns` (DECISIONS.md "Branch sync
 * client").
 *
 * Adding a replicated table: a kiosk migration that creates it with a `version` column, an entry
 * here, the head-office table and a handler emitting rows of this shape (headoffice/sync).
 */
export type ReplicationScope = 'global' | 'branch';

export interface ReplicatedTable {
  /** `global`: every branch pulls it; `branch`: only the PCs of the row's branch. */
  scope: ReplicationScope;
  primaryKey: string;
  /** Columns carried in `row`, in the kiosk's names. */
  columns: readonly string[];
  /** Columns holding a branch id (mapped between head office's and the local one). */
  branchColumns: readonly string[];
}

export const REPLICATED_TABLES = {
  branch: {
    scope: 'global',
    primaryKey: 'id',
    columns: ['id', 'code', 'name', 'time_zone', 'version'],
    branchColumns: ['id'],
  },
  member: {
    scope: 'global',
    primaryKey: 'id',
    columns: [
      'id', 'member_no', 'name', 'gender', 'birthday', 'phone', 'phone_tail', 'home_branch_id', 'photo', 'medical_alert',
      'fitness_goal', 'preferred_courses', 'created_at', 'updated_at', 'erased_at', 'registered_by', 'version',
    ],
    branchColumns: ['home_branch_id'],
  },
  membership: {
    scope: 'global',
    primaryKey: 'id',
    columns: ['id', 'member_id', 'plan_name', 'plan_code', 'starts_on', 'valid_until', 'status', 'frozen_from', 'frozen_until', 'created_at', 'updated_at', 'version'],
    branchColumns: [],
  },
  card_binding: {
    scope: 'global',
    primaryKey: 'id',
    columns: ['id', 'card_uid', 'w26_key', 'member_id', 'status', 'bound_at', 'ended_at', 'version'],
    branchColumns: [],
  },
  /** Visits go down to the other PCs of the same branch only. */
  visit: {
    scope: 'branch',
    primaryKey: 'id',
    columns: [
      'id', 'member_id', 'branch_id', 'device_id', 'staff_id', 'source', 'card_uid', 'occurred_at', 'admitted', 'color', 'reasons',
      'tier_code', 'override_staff_id', 'override_reason', 'overridden_at',
    ],
    branchColumns: ['branch_id'],
  },
} as const satisfies Record<string, ReplicatedTable>;

export type ReplicatedTableName = keyof typeof REPLICATED_TABLES;

export function isReplicatedTable(name: string): name is ReplicatedTableName {
  return Object.hasOwn(REPLICATED_TABLES, name);
}

/** The row reduced to the table's replicated columns (what head office writes to the change log). */
export function replicatedRow(table: ReplicatedTableName, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of REPLICATED_TABLES[table].columns) out[c] = row[c] ?? null;
  return out;
}
