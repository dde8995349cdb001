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
  version: Generated<number>;
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
  /**
   * 1, 2, 3 … unique chain-wide, given at enrollment: the device's member-number prefix
   * (memberNoPrefix). Never reused, so a re-enrolled PC numbers under a new prefix.
   */
  serial: number;
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
  photo: string | null;
  medical_alert: boolean;
  fitness_goal: string | null;
  /** A JSON array of course codes. */
  preferred_courses: ColumnType<unknown, string | undefined, string>;
  created_at: Stamp;
  updated_at: Stamp;
  erased_at: Stamp | null;
  registered_by: string | null;
  /** Sealed by the registering branch (services/privacy/fieldCipher.ts): opaque here, never sent down. */
  id_card_sealed: string | null;
  health_notes_sealed: string | null;
  emergency_contact_sealed: string | null;
  /** {column: HLC text} of the last accepted branch write of each editable column. */
  field_clock: ColumnType<Record<string, string>, string | undefined, string>;
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
  /** The branch whose device pushed the binding (null for rows older than migration 2). */
  branch_id: string | null;
  staff_id: string | null;
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

export type MembershipStatus = 'active' | 'frozen' | 'expired' | 'cancelled';

export interface MembershipTable {
  id: string;
  member_id: string;
  plan_name: string;
  plan_code: string | null;
  /** Calendar dates YYYY-MM-DD, as the kiosk keeps them. */
  starts_on: string;
  valid_until: string;
  status: MembershipStatus;
  frozen_from: string | null;
  frozen_until: string | null;
  created_at: Stamp;
  updated_at: Stamp;
  /** The branch that sold it. */
  branch_id: string;
  version: number;
}

export type MembershipEventKind = 'created' | 'frozen' | 'unfrozen' | 'renewed' | 'refund_requested' | 'refund_approved' | 'refund_rejected' | 'cancelled';

export interface MembershipEventTable {
  id: string;
  membership_id: string;
  member_id: string;
  kind: MembershipEventKind;
  occurred_at: Stamp;
  staff_id: string | null;
  from_date: string | null;
  to_date: string | null;
  amount_fen: number | null;
  reason: string | null;
  ref_id: string | null;
  branch_id: string;
  received_from_device_id: string;
}

export interface MemberConsentTable {
  id: string;
  member_id: string;
  kind: 'sensitive';
  granted: boolean;
  text_version: string;
  recorded_at: Stamp;
  staff_id: string | null;
  branch_id: string;
}

export interface ConsumptionTable {
  id: string;
  member_id: string;
  branch_id: string;
  occurred_at: Stamp;
  category: 'membership' | 'course' | 'personal_training' | 'product';
  amount_fen: number;
  receipt_no: string | null;
  note: string | null;
  source: 'desk' | 'import' | 'renewal';
  import_id: string | null;
  staff_id: string | null;
  created_at: Stamp;
  received_from_device_id: string;
}

export interface ClassAttendanceTable {
  id: string;
  member_id: string;
  session_id: string;
  branch_id: string;
  staff_id: string | null;
  attended_at: Stamp;
  quota_month: string;
  used_free_quota: boolean;
  received_from_device_id: string;
}

export interface DeletionRequestTable {
  id: string;
  member_id: string;
  reason: string;
  requested_by: string | null;
  requested_at: Stamp;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: Stamp | null;
  note: string | null;
  branch_id: string;
}

export interface MemberConflictTable {
  id: Generated<number>;
  member_id: string;
  field: string;
  losing_value: Json | null;
  losing_hlc: string;
  winning_hlc: string;
  mutation_id: string;
  branch_id: string;
  recorded_at: Generated<Date>;
}

export interface MemberDuplicateTable {
  member_id: string;
  duplicate_of: string;
  matched_on: 'phone';
  flagged_at: Generated<Date>;
  resolved_at: Stamp | null;
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
  membership: MembershipTable;
  membership_event: MembershipEventTable;
  member_consent: MemberConsentTable;
  consumption: ConsumptionTable;
  class_attendance: ClassAttendanceTable;
  deletion_request: DeletionRequestTable;
  member_conflict: MemberConflictTable;
  member_duplicate: MemberDuplicateTable;
  hq_migration: HqMigrationTable;
}
