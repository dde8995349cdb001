/** Test support: mutation args shaped exactly as the kiosk's services write them. */
import { randomUUID } from 'node:crypto';

const now = () => new Date().toISOString();

/** member.register as services/members/registrationService.ts writes it. */
export function registerArgs(branchId: string, over: { member?: Record<string, unknown> } = {}) {
  const memberId = randomUUID();
  const membershipId = randomUUID();
  const at = now();
  const staffId = randomUUID();
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {
    member: {
      id: memberId, member_no: `M${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, name: '王小明', gender: 'male', birthday: '1990-05-01',
      phone, phone_tail: phone.slice(-4), home_branch_id: branchId, photo: null, medical_alert: 1, fitness_goal: '减脂', created_at: at, updated_at: at,
      id_card_sealed: 'v1.sealed-id', health_notes_sealed: 'v1.sealed-health', emergency_contact_sealed: null, preferred_courses: '["yoga"]',
      erased_at: null, registered_by: staffId, ...over.member,
    },
    consent: { id: randomUUID(), member_id: memberId, kind: 'sensitive', granted: 1, text_version: '2024-01', recorded_at: at, staff_id: staffId },
    membership: {
      id: membershipId, member_id: memberId, plan_name: '年卡', starts_on: '2026-01-01', valid_until: '2026-12-31', status: 'active', created_at: at,
      updated_at: at, plan_code: 'year', frozen_from: null, frozen_until: null,
    },
    event: {
      id: randomUUID(), membership_id: membershipId, member_id: memberId, kind: 'created', occurred_at: at, staff_id: staffId, from_date: '2026-01-01',
      to_date: '2026-12-31', amount_fen: 288_000, reason: null, ref_id: null,
    },
    consumption: {
      id: randomUUID(), member_id: memberId, branch_id: branchId, occurred_at: at, category: 'membership', amount_fen: 288_000, receipt_no: null, note: null,
      source: 'desk', import_id: null, staff_id: staffId, created_at: at,
    },
  };
}

export type RegisterArgs = ReturnType<typeof registerArgs>;

export function cardBindArgs(memberId: string, cardUid = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()) {
  return { id: randomUUID(), memberId, cardUid, w26Key: null, boundAt: now(), staffId: randomUUID() };
}

export function consumptionArgs(memberId: string, branchId: string, over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(), memberId, branchId, occurredAt: now(), category: 'product', amountFen: 1_500, receiptNo: null, note: '蛋白粉', source: 'desk',
    importId: null, staffId: randomUUID(), ...over,
  };
}

export function attendanceArgs(memberId: string, branchId: string) {
  return {
    id: randomUUID(), member_id: memberId, session_id: randomUUID(), branch_id: branchId, staff_id: null, attended_at: now(), quota_month: now().slice(0, 7),
    used_free_quota: 1,
  };
}
