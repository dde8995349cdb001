import type { Generated } from 'kysely';

/** Kysely's view of the kiosk database (see migrations/). Booleans are 0/1 integers. */
export interface BranchTable { id: string; code: string; name: string; time_zone: string; version: Generated<number> }
export interface DeviceTable { id: string; branch_id: string; name: string; is_this_device: Generated<number> }
export interface StaffTable {
  id: string;
  branch_id: string;
  name: string;
  role: 'reception' | 'coach' | 'manager' | 'headoffice';
  active: Generated<number>;
  version: Generated<number>;
  /** `scrypt$N$r$p$saltB64$hashB64` (migration 0003, services/staff/pinHash.ts); null until a PIN is set */
  pin_hash: string | null;
  /** consecutive wrong PINs since the last successful sign-in */
  failed_attempts: Generated<number>;
  /** ISO instant; sign-in is refused before it without checking the PIN */
  locked_until: string | null;
  pin_set_at: string | null;
}
export interface TierTable { code: string; rank: number; min_score: number; name_zh: string; name_en: string }
export interface TierBenefitTable {
  tier_code: string;
  free_classes_per_month: number | null;
  course_discount_pct: number | null;
  personal_training_discount_pct: number | null;
  product_discount_pct: number | null;
  /** JSON array of perk keys */
  perks: string;
}
export interface MemberTable {
  id: string;
  member_no: string;
  name: string;
  gender: 'female' | 'male' | 'unspecified';
  birthday: string | null;
  phone: string;
  phone_tail: string;
  home_branch_id: string;
  photo: string | null;
  medical_alert: number;
  fitness_goal: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
  /** sealed (fieldCipher, AAD member/id_card_sealed/<id>) */
  id_card_sealed: string | null;
  /** keyed blind index of the ID-card number, purpose 'id_card' */
  id_card_index: string | null;
  health_notes_sealed: string | null;
  /** sealed JSON {name, phone} */
  emergency_contact_sealed: string | null;
  /** JSON array of course-type keys */
  preferred_courses: Generated<string>;
  /** set when the member's personal fields were erased on request */
  erased_at: string | null;
  registered_by: string | null;
}
export interface MembershipTable {
  id: string;
  member_id: string;
  plan_name: string;
  starts_on: string;
  valid_until: string;
  status: 'active' | 'frozen' | 'expired' | 'cancelled';
  created_at: string;
  updated_at: string;
  version: Generated<number>;
  plan_code: string | null;
  frozen_from: string | null;
  frozen_until: string | null;
}
export interface CardBindingTable {
  id: string;
  card_uid: string;
  w26_key: string | null;
  member_id: string;
  status: 'active' | 'lost' | 'replaced' | 'unbound';
  bound_at: string;
  ended_at: string | null;
  version: Generated<number>;
}
export interface MemberTierTable { id: string; member_id: string; quarter: string; tier_code: string; score: number; effective_at: string; version: Generated<number> }
export interface VisitTable {
  id: string;
  member_id: string;
  branch_id: string;
  device_id: string;
  staff_id: string | null;
  source: 'card' | 'manual' | 'kiosk';
  card_uid: string | null;
  occurred_at: string;
  admitted: number;
  color: 'green' | 'yellow' | 'red';
  /** JSON array of reasons */
  reasons: string;
  tier_code: string | null;
  override_staff_id: string | null;
  override_reason: string | null;
  overridden_at: string | null;
  /** head office's version (migration 0006, default 0: a visit written at this desk); optional so whole rows built before 0006 still type */
  version?: number;
}
export interface ClassSessionTable { id: string; branch_id: string; name: string; coach_name: string; starts_at: string; ends_at: string; capacity: number; version: Generated<number> }
export interface ClassAttendanceTable {
  id: string;
  member_id: string;
  session_id: string;
  branch_id: string;
  staff_id: string | null;
  attended_at: string;
  quota_month: string;
  used_free_quota: number;
}
export interface SettingTable { key: string; value: string }
export interface SyncOutboxTable {
  seq: Generated<number>;
  client_id: string;
  mutation_id: string;
  name: string;
  version: number;
  args: string;
  args_hash: string;
  hlc: string;
  device_time: string;
  status: Generated<'pending' | 'applied' | 'rejected'>;
  attempts: Generated<number>;
  last_error: string | null;
  result: string | null;
}
/** One row (id = 1), migration 0005: enrollment, the push cursor and the clock offset; no secret. */
export interface SyncStateTable {
  id: number;
  server_url: string | null;
  device_id: string | null;
  branch_id: string | null;
  enrolled_at: string | null;
  last_acked_seq: Generated<number>;
  clock_offset_ms: Generated<number>;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: Generated<number>;
}
/** Append-only, hash-chained (migration 0002); written only through services/audit. */
export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_type: 'staff' | 'member' | 'system' | 'device';
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  /** canonical JSON object of references (ids, field names), never personal data values */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface MemberConsentTable {
  id: string;
  member_id: string;
  kind: 'sensitive';
  granted: number;
  text_version: string;
  recorded_at: string;
  staff_id: string | null;
}
export type MembershipEventKind = 'created' | 'frozen' | 'unfrozen' | 'renewed' | 'refund_requested' | 'refund_approved' | 'refund_rejected' | 'cancelled';
export interface MembershipEventTable {
  id: string;
  membership_id: string;
  member_id: string;
  kind: MembershipEventKind;
  occurred_at: string;
  staff_id: string | null;
  from_date: string | null;
  to_date: string | null;
  amount_fen: number | null;
  reason: string | null;
  /** a refund decision's request event */
  ref_id: string | null;
}
export interface ConsumptionTable {
  id: string;
  member_id: string;
  branch_id: string;
  occurred_at: string;
  category: 'membership' | 'course' | 'personal_training' | 'product';
  amount_fen: number;
  receipt_no: string | null;
  note: string | null;
  source: 'desk' | 'import' | 'renewal';
  import_id: string | null;
  staff_id: string | null;
  created_at: string;
}
export interface ConsumptionImportTable {
  id: string;
  file_name: string;
  file_sha256: string;
  row_count: number;
  total_fen: number;
  staff_id: string | null;
  imported_at: string;
}
export interface DeletionRequestTable {
  id: string;
  member_id: string;
  reason: string;
  requested_by: string | null;
  requested_at: string;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
}

/** Migration 0006: the last change-log seq applied, per scope (`global`, `branch:<head-office id>`). */
export interface SyncCursorTable { scope: string; cursor: Generated<number> }
/** One row (id = 1), migration 0006: the roster download of a new or reset PC. */
export interface SyncBootstrapTable {
  id: number;
  /** JSON {scope: seq}: the head of each scope when the download started */
  watermark: string | null;
  total_rows: Generated<number>;
  done_rows: Generated<number>;
  started_at: string | null;
  completed_at: string | null;
}
export interface SyncBootstrapTableProgress { table_name: string; last_key: string | null; rows: Generated<number>; complete: Generated<number> }

export interface DB {
  branch: BranchTable;
  device: DeviceTable;
  staff: StaffTable;
  tier: TierTable;
  tier_benefit: TierBenefitTable;
  member: MemberTable;
  membership: MembershipTable;
  card_binding: CardBindingTable;
  member_tier: MemberTierTable;
  visit: VisitTable;
  class_session: ClassSessionTable;
  class_attendance: ClassAttendanceTable;
  setting: SettingTable;
  sync_outbox: SyncOutboxTable;
  sync_state: SyncStateTable;
  audit_log: AuditLogTable;
  member_consent: MemberConsentTable;
  membership_event: MembershipEventTable;
  consumption: ConsumptionTable;
  consumption_import: ConsumptionImportTable;
  deletion_request: DeletionRequestTable;
  sync_cursor: SyncCursorTable;
  sync_bootstrap: SyncBootstrapTable;
  sync_bootstrap_table: SyncBootstrapTableProgress;
}
