import type Database from 'better-sqlite3';
import { effectiveMembershipStatus } from '../../core/checkin/membershipStatus';
import type { MembershipDto } from '../../core/contract/memberDto';
import { prepareInsert } from '../../db/prepared';
import type { ConsumptionTable, MembershipEventTable, MembershipTable } from '../../db/schema';

export type MembershipRow = Omit<MembershipTable, 'version'>;
export type MembershipChange = Pick<MembershipTable, 'id' | 'status' | 'valid_until' | 'frozen_from' | 'frozen_until' | 'plan_code' | 'plan_name' | 'updated_at'>;

const EVENT_COLUMNS = [
  'id', 'membership_id', 'member_id', 'kind', 'occurred_at', 'staff_id', 'from_date', 'to_date', 'amount_fen', 'reason', 'ref_id',
] as const satisfies readonly (keyof MembershipEventTable)[];
export const CONSUMPTION_COLUMNS = [
  'id', 'member_id', 'branch_id', 'occurred_at', 'category', 'amount_fen', 'receipt_no', 'note', 'source', 'import_id', 'staff_id', 'created_at',
] as const satisfies readonly (keyof ConsumptionTable)[];

/**
 * The membership lifecycle's statements, prepared once. Synchronous on purpose: each change
 * reads, checks and writes inside one better-sqlite3 transaction, so two desks' clicks (or a
 * double click) cannot both pass a check such as "no decision yet".
 */
export function prepareMembershipStore(sqlite: Database.Database) {
  const membership = sqlite.prepare<[string], MembershipRow>(
    'SELECT id, member_id, plan_name, plan_code, starts_on, valid_until, status, frozen_from, frozen_until, created_at, updated_at FROM membership WHERE id = ?',
  );
  // A request is pending until an approval or rejection points at it through ref_id.
  const pendingRefund = sqlite
    .prepare<[string], string>(
      `SELECT r.id FROM membership_event r
        WHERE r.membership_id = ? AND r.kind = 'refund_requested'
          AND NOT EXISTS (SELECT 1 FROM membership_event d WHERE d.ref_id = r.id AND d.kind IN ('refund_approved', 'refund_rejected'))
        ORDER BY r.occurred_at DESC, r.rowid DESC LIMIT 1`,
    )
    .pluck();
  const event = sqlite.prepare<[string], MembershipEventTable>('SELECT * FROM membership_event WHERE id = ?');
  const decisionOf = sqlite
    .prepare<[string], string>("SELECT id FROM membership_event WHERE ref_id = ? AND kind IN ('refund_approved', 'refund_rejected') LIMIT 1")
    .pluck();
  // The sync version is left alone: it is head office's counter for rows coming down (SYNC.md).
  const update = sqlite.prepare<[MembershipChange]>(
    `UPDATE membership SET status = @status, valid_until = @valid_until, frozen_from = @frozen_from, frozen_until = @frozen_until,
       plan_code = @plan_code, plan_name = @plan_name, updated_at = @updated_at WHERE id = @id`,
  );
  const insertEvent = prepareInsert(sqlite, 'membership_event', EVENT_COLUMNS);
  const insertConsumption = prepareInsert(sqlite, 'consumption', CONSUMPTION_COLUMNS);

  return {
    membership: (id: string): MembershipRow | undefined => membership.get(id),
    pendingRefundId: (membershipId: string): string | null => pendingRefund.get(membershipId) ?? null,
    event: (id: string): MembershipEventTable | undefined => event.get(id),
    decisionOf: (requestId: string): string | null => decisionOf.get(requestId) ?? null,
    update: (change: MembershipChange): void => {
      update.run(change);
    },
    insertEvent: (row: MembershipEventTable): void => {
      insertEvent(row);
    },
    insertConsumption: (row: ConsumptionTable): void => {
      insertConsumption(row);
    },
  };
}

export type MembershipStore = ReturnType<typeof prepareMembershipStore>;

/** The columns the contract shape needs (the member page reads no more than these). */
type MembershipDtoRow = Pick<MembershipRow, 'id' | 'plan_code' | 'plan_name' | 'starts_on' | 'valid_until' | 'status' | 'frozen_from' | 'frozen_until'>;

/** A membership row's status as of `today`: the one mapping of the columns to the core rule. */
export function membershipEffectiveStatus(row: Pick<MembershipRow, 'status' | 'starts_on' | 'valid_until' | 'frozen_from' | 'frozen_until'>, today: string) {
  return effectiveMembershipStatus(
    { status: row.status, startsOn: row.starts_on, validUntil: row.valid_until, frozenFrom: row.frozen_from, frozenUntil: row.frozen_until },
    today,
  );
}

export function toMembershipDto(row: MembershipDtoRow, today: string, pendingRefundId: string | null): MembershipDto {
  return {
    id: row.id,
    planCode: row.plan_code,
    planName: row.plan_name,
    startsOn: row.starts_on,
    validUntil: row.valid_until,
    status: row.status,
    effectiveStatus: membershipEffectiveStatus(row, today),
    frozenFrom: row.frozen_from,
    frozenUntil: row.frozen_until,
    pendingRefundId,
  };
}
