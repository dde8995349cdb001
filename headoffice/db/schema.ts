import type { ColumnType, Generated } from 'kysely';

/** Timestamps: written as Date or ISO text, read back as Date. */
type Stamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface BranchTable {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  created_at: Generated<Date>;
}

export interface DeviceTable {
  id: string;
  branch_id: string;
  name: string;
  /** The device's HMAC secret itself (base64): see docs/DECISIONS.md "Head office". */
  secret: string;
  status: 'active' | 'revoked';
  created_at: Generated<Date>;
  last_seen_at: Stamp | null;
  revoked_at: Stamp | null;
}

export interface EnrollmentCodeTable {
  code_hash: string;
  branch_id: string;
  created_at: Generated<Date>;
  expires_at: Stamp;
  used_at: Stamp | null;
  device_id: string | null;
}

export interface SyncClientTable {
  client_id: string;
  device_id: string;
  branch_id: string;
  last_seq: number;
  created_at: Generated<Date>;
}

export interface SyncMutationTable {
  client_id: string;
  seq: number;
  mutation_id: string;
  name: string;
  version: number;
  args_hash: string;
  status: 'applied' | 'rejected';
  result: Json;
  hlc: string;
  device_time: Stamp;
  received_at: Generated<Date>;
}

export interface SyncScopeTable {
  scope: string;
  last_seq: number;
}

export interface ChangeLogTable {
  scope: string;
  seq: number;
  /** The last seq written by the same transaction: a pull page never ends inside it. */
  tx_last_seq: number;
  table_name: string;
  pk: string;
  op: 'upsert' | 'delete';
  row: Json | null;
  version: number;
  committed_at: Generated<Date>;
}

export interface MemberTable {
  id: string;
  member_no: string;
  name: string;
  gender: string;
  birthday: string | null;
  phone: string;
  phone_tail: string;
  home_branch_id: string;
  medical_alert: boolean;
  created_at: Stamp;
  updated_at: Stamp;
  version: number;
}

export interface CardBindingTable {
  id: string;
  card_uid: string;
  w26_key: string | null;
  member_id: string;
  status: 'active' | 'lost' | 'replaced' | 'unbound';
  bound_at: Stamp;
  ended_at: Stamp | null;
  version: number;
}

export interface VisitTable {
  id: string;
  member_id: string;
  branch_id: string;
  device_id: string;
  staff_id: string | null;
  source: 'card' | 'manual' | 'kiosk';
  card_uid: string | null;
  occurred_at: Stamp;
  admitted: boolean;
  color: 'green' | 'yellow' | 'red';
  reasons: Json;
  tier_code: string | null;
  override_staff_id: string | null;
  override_reason: string | null;
  overridden_at: Stamp | null;
  /** The enrolled device whose push wrote the row (device_id is what the kiosk recorded). */
  received_from_device_id: string;
  version: number;
}

export interface HqMigrationTable {
  version: number;
  name: string;
  applied_at: Generated<Date>;
}

export interface HqDB {
  branch: BranchTable;
  device: DeviceTable;
  enrollment_code: EnrollmentCodeTable;
  sync_client: SyncClientTable;
  sync_mutation: SyncMutationTable;
  sync_scope: SyncScopeTable;
  change_log: ChangeLogTable;
  member: MemberTable;
  card_binding: CardBindingTable;
  visit: VisitTable;
  hq_migration: HqMigrationTable;
}
