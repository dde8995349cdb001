import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { membershipDto, type MembershipDto } from '../../core/contract/memberDto';
import { planEndDate } from '../../core/membership/plans';
import { addDays } from '../../core/time/localDate';
import { FEATURED_MEMBERS } from '../demo/featured';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';

const TODAY = '2026-11-23'; // TEST_NOW in Shanghai
const DAY = 86_400_000;

const featured = (key: string) => {
  const f = FEATURED_MEMBERS.find((m) => m.key === key);
  if (!f) throw new Error(key);
  return f;
};

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterEach(async () => {
  await k.dispose();
});

const sqlite = () => k.ctx.kdb.sqlite;
const membershipOf = (key: string) =>
  sqlite()
    .prepare('SELECT ms.* FROM membership ms JOIN member m ON m.id = ms.member_id WHERE m.member_no = ?')
    .get(featured(key).memberNo) as { id: string; member_id: string; valid_until: string; status: string; frozen_from: string | null };
const tap = (key: string) => k.api['checkin.card']({ card: featured(key).card, format: 'hex' });
const events = (membershipId: string) =>
  sqlite().prepare('SELECT * FROM membership_event WHERE membership_id = ? ORDER BY occurred_at, rowid').all(membershipId) as {
    id: string;
    kind: string;
    from_date: string | null;
    to_date: string | null;
    amount_fen: number | null;
    reason: string | null;
    ref_id: string | null;
    staff_id: string | null;
  }[];
const lastOutbox = () => sqlite().prepare('SELECT name, version, args FROM sync_outbox ORDER BY seq DESC LIMIT 1').get() as { name: string; version: number; args: string };
const lastAudit = () => sqlite().prepare('SELECT action, entity, entity_id, actor_id, details FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; entity: string; entity_id: string; actor_id: string; details: string };
/** Moves to a later day in the branch and signs the manager in again (the desk locked meanwhile). */
const laterDays = async (days: number) => {
  k.clock.advance(days * DAY);
  await k.signInAs('manager');
};
const valid = (dto: MembershipDto) => membershipDto.parse(dto);

describe('freeze', () => {
  it('refuses check-in while in force, keeps the paid days, and records event, mutation and audit together', async () => {
    const before = membershipOf('green');
    const counts = tableCounts(k);
    const dto = valid(await k.api['membership.freeze']({ membershipId: before.id, from: TODAY, until: addDays(TODAY, 9), reason: '出差两周' }));
    expect(dto).toMatchObject({ status: 'frozen', effectiveStatus: 'frozen', frozenFrom: TODAY, frozenUntil: addDays(TODAY, 9), validUntil: addDays(before.valid_until, 10) });
    const after = tableCounts(k);
    expect([after.membership_event! - counts.membership_event!, after.sync_outbox! - counts.sync_outbox!, after.audit_log! - counts.audit_log!]).toEqual([1, 1, 1]);
    expect(events(before.id).at(-1)).toMatchObject({ kind: 'frozen', from_date: TODAY, to_date: addDays(TODAY, 9), reason: '出差两周' });
    const outbox = lastOutbox();
    expect(outbox).toMatchObject({ name: 'membership.freeze', version: 1 });
    expect(JSON.parse(outbox.args)).toMatchObject({ membershipId: before.id, from: TODAY, until: addDays(TODAY, 9) });
    expect(outbox.args).not.toContain('出差');
    expect(lastAudit()).toMatchObject({ action: 'membership.freeze', entity: 'membership', entity_id: before.id });

    const r = await tap('green');
    expect([r.color, r.admitted, r.reasons.map((x) => x.code)]).toEqual(['red', false, ['MEMBERSHIP_FROZEN']]);
    expect(r.member?.membership?.effectiveStatus).toBe('frozen');
  });

  it('books a freeze ahead without blocking today, holds inside the window, and ends by itself', async () => {
    const m = membershipOf('green');
    const dto = valid(await k.api['membership.freeze']({ membershipId: m.id, from: addDays(TODAY, 5), until: addDays(TODAY, 6), reason: 'travel' }));
    expect(dto).toMatchObject({ status: 'frozen', effectiveStatus: 'active' });
    expect((await tap('green')).color).toBe('green');
    await laterDays(5);
    expect((await tap('green')).reasons.map((x) => x.code)).toEqual(['MEMBERSHIP_FROZEN']);
    await laterDays(2);
    const r = await tap('green');
    expect([r.color, r.member?.membership?.effectiveStatus]).toEqual(['green', 'active']);
  });

  it('refuses bad windows and memberships that cannot be frozen, writing nothing', async () => {
    const green = membershipOf('green');
    const counts = tableCounts(k);
    const freeze = (membershipId: string, from: string, until: string) => k.api['membership.freeze']({ membershipId, from, until, reason: 'travel' });
    await expect(freeze(green.id, addDays(TODAY, -1), TODAY)).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'from' }] });
    await expect(freeze(green.id, addDays(TODAY, 3), addDays(TODAY, 2))).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'until' }] });
    await expect(freeze(green.id, TODAY, addDays(TODAY, 90))).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'until' }] });
    await expect(freeze(membershipOf('expired').id, TODAY, TODAY)).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'expired' }] });
    // The demo's frozen member has no recorded window: frozen for good until someone ends it.
    await expect(freeze(membershipOf('frozen').id, TODAY, TODAY)).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'already_frozen' }] });
    await expect(freeze('00000000-0000-7000-8000-000000000000', TODAY, TODAY)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(tableCounts(k)).toEqual(counts);

    await freeze(green.id, addDays(TODAY, 10), addDays(TODAY, 12));
    await expect(freeze(green.id, TODAY, TODAY)).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'already_frozen' }] });
  });

  it('may freeze a membership that has not started, from its first day', async () => {
    const m = membershipOf('notStarted');
    const startsOn = addDays(TODAY, 5);
    await expect(k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: addDays(TODAY, 9), reason: 'travel' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const dto = await k.api['membership.freeze']({ membershipId: m.id, from: startsOn, until: addDays(startsOn, 9), reason: 'travel' });
    expect(dto).toMatchObject({ effectiveStatus: 'not_started', validUntil: addDays(m.valid_until, 10) });
  });

  it('rolls everything back when the sync mutation cannot be written', async () => {
    const m = membershipOf('green');
    const counts = tableCounts(k);
    sqlite().exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: TODAY, reason: 'travel' })).rejects.toThrow(/disk full/);
    expect(tableCounts(k)).toEqual(counts);
    expect(membershipOf('green')).toEqual(m);
  });
});

describe('unfreeze', () => {
  it('ends a running freeze: green again, keeping only the days already frozen', async () => {
    const m = membershipOf('green');
    await k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: addDays(TODAY, 9), reason: 'injury' });
    await laterDays(3);
    expect((await tap('green')).color).toBe('red');
    const dto = valid(await k.api['membership.unfreeze']({ membershipId: m.id }));
    expect(dto).toMatchObject({ status: 'active', effectiveStatus: 'active', frozenFrom: null, frozenUntil: null, validUntil: addDays(m.valid_until, 3) });
    expect(events(m.id).at(-1)).toMatchObject({ kind: 'unfrozen', from_date: addDays(TODAY, 3), to_date: addDays(TODAY, 9) });
    expect(lastOutbox().name).toBe('membership.unfreeze');
    expect(lastAudit()).toMatchObject({ action: 'membership.unfreeze', entity_id: m.id });
    const r = await tap('green');
    expect([r.color, r.reasons]).toEqual(['green', []]);
  });

  it('before the freeze starts hands back the whole extension', async () => {
    const m = membershipOf('green');
    await k.api['membership.freeze']({ membershipId: m.id, from: addDays(TODAY, 20), until: addDays(TODAY, 109), reason: 'travel' });
    expect(membershipOf('green').valid_until).toBe(addDays(m.valid_until, 90));
    const dto = await k.api['membership.unfreeze']({ membershipId: m.id });
    expect(dto.validUntil).toBe(m.valid_until);
  });

  it('refuses a membership with no freeze to end, including one that ended by itself', async () => {
    const m = membershipOf('green');
    await expect(k.api['membership.unfreeze']({ membershipId: m.id })).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'not_frozen' }] });
    await k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: TODAY, reason: 'travel' });
    await laterDays(1);
    await expect(k.api['membership.unfreeze']({ membershipId: m.id })).rejects.toMatchObject({ code: 'CONFLICT', issues: [{ message: 'not_frozen' }] });
    // The ended freeze does not stand in the way of the next one.
    const again = await k.api['membership.freeze']({ membershipId: m.id, from: addDays(TODAY, 1), until: addDays(TODAY, 2), reason: 'travel' });
    expect(again).toMatchObject({ effectiveStatus: 'frozen', validUntil: addDays(m.valid_until, 3) });
  });

  it('ends a freeze recorded without dates today, handing back no days, and the member is admitted', async () => {
    const m = membershipOf('frozen');
    expect((await tap('frozen')).reasons.map((x) => x.code)).toContain('MEMBERSHIP_FROZEN');
    const dto = await k.api['membership.unfreeze']({ membershipId: m.id });
    expect(dto).toMatchObject({ status: 'active', effectiveStatus: 'active', validUntil: m.valid_until, frozenFrom: null });
    expect((await tap('frozen')).admitted).toBe(true);
  });
});

describe('renew', () => {
  it('restarts an expired membership today, admits the member, and records the consumption', async () => {
    const m = membershipOf('expired');
    expect((await tap('expired')).reasons.map((x) => x.code)).toEqual(['MEMBERSHIP_EXPIRED']);
    const dto = valid(await k.api['membership.renew']({ membershipId: m.id, planCode: 'year', amountFen: 299_900 }));
    expect(dto).toMatchObject({ status: 'active', effectiveStatus: 'active', planCode: 'year', planName: '年卡', validUntil: planEndDate(TODAY, 12) });
    expect(events(m.id).at(-1)).toMatchObject({ kind: 'renewed', from_date: TODAY, to_date: planEndDate(TODAY, 12), amount_fen: 299_900 });
    const consumption = sqlite().prepare('SELECT * FROM consumption WHERE member_id = ?').all(m.member_id);
    expect(consumption).toEqual([
      expect.objectContaining({ category: 'membership', source: 'renewal', amount_fen: 299_900, note: 'year', branch_id: k.ctx.desk.branchId, receipt_no: null }),
    ]);
    expect(JSON.parse(lastOutbox().args)).toMatchObject({ membershipId: m.id, planCode: 'year', amountFen: 299_900, from: TODAY });
    expect(lastAudit()).toMatchObject({ action: 'membership.renew', entity: 'membership' });
    k.clock.advance(60 * 60_000);
    const r = await tap('expired');
    expect([r.color, r.admitted]).toEqual(['green', true]);
  });

  it('extends a current membership from the day after its last day, frozen or not', async () => {
    const green = membershipOf('green');
    const dto = await k.api['membership.renew']({ membershipId: green.id, planCode: 'quarter', amountFen: 99_900 });
    expect(dto.validUntil).toBe(planEndDate(addDays(green.valid_until, 1), 3));
    const frozen = membershipOf('frozen');
    const stillFrozen = await k.api['membership.renew']({ membershipId: frozen.id, planCode: 'month', amountFen: 39_900 });
    expect(stillFrozen).toMatchObject({ status: 'frozen', validUntil: planEndDate(addDays(frozen.valid_until, 1), 1) });
  });

  it('refuses an unknown plan and a cancelled membership', async () => {
    const m = membershipOf('green');
    await expect(k.api['membership.renew']({ membershipId: m.id, planCode: 'lifetime', amountFen: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await k.api['membership.cancel']({ membershipId: m.id, reason: 'moved away' });
    const counts = tableCounts(k);
    await expect(k.api['membership.renew']({ membershipId: m.id, planCode: 'year', amountFen: 299_900 })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ message: 'cancelled' }],
    });
    expect(tableCounts(k)).toEqual(counts);
  });
});

describe('refunds and cancellation', () => {
  it('approving a refund cancels the membership, and the member is refused', async () => {
    const m = membershipOf('green');
    const requested = valid(await k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 120_000, reason: '搬家' }));
    expect(requested.pendingRefundId).not.toBeNull();
    const refundId = requested.pendingRefundId!;
    await expect(k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 1, reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ message: 'refund_pending' }],
    });
    const decided = valid(await k.api['membership.decideRefund']({ refundId, approve: true, note: 'ok per policy' }));
    expect(decided).toMatchObject({ status: 'cancelled', effectiveStatus: 'cancelled', pendingRefundId: null });
    const [request, approval, cancelled] = events(m.id).slice(-3);
    expect(request).toMatchObject({ id: refundId, kind: 'refund_requested', amount_fen: 120_000, reason: '搬家' });
    expect(approval).toMatchObject({ kind: 'refund_approved', ref_id: refundId, amount_fen: 120_000, reason: 'ok per policy' });
    expect(cancelled).toMatchObject({ kind: 'cancelled', ref_id: approval!.id });
    expect(lastAudit()).toMatchObject({ action: 'membership.decideRefund', entity_id: m.id });
    expect(JSON.parse(lastAudit().details)).toMatchObject({ refundId, approved: true, amountFen: 120_000 });
    expect((await tap('green')).reasons.map((x) => x.code)).toEqual(['MEMBERSHIP_CANCELLED']);
  });

  it('rejecting leaves the membership as it was; a decision is made once', async () => {
    const m = membershipOf('green');
    const { pendingRefundId } = await k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 50_000, reason: 'not using it' });
    const rejected = valid(await k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve: false, note: 'outside refund period' }));
    expect(rejected).toMatchObject({ status: 'active', pendingRefundId: null });
    expect(events(m.id).at(-1)).toMatchObject({ kind: 'refund_rejected', ref_id: pendingRefundId, reason: 'outside refund period' });
    const counts = tableCounts(k);
    for (const approve of [true, false]) {
      await expect(k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve })).rejects.toMatchObject({
        code: 'CONFLICT',
        issues: [{ message: 'already_decided' }],
      });
    }
    expect(tableCounts(k)).toEqual(counts);
    // A new request may follow a rejected one.
    expect((await k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 40_000, reason: 'asking again' })).pendingRefundId).not.toBe(pendingRefundId);
  });

  it('refuses deciding what is not a refund request', async () => {
    const m = membershipOf('green');
    await k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: TODAY, reason: 'travel' });
    const frozenEvent = events(m.id).at(-1)!;
    await expect(k.api['membership.decideRefund']({ refundId: frozenEvent.id, approve: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(k.api['membership.decideRefund']({ refundId: '00000000-0000-7000-8000-000000000000', approve: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a cancelled membership cannot be frozen, cancelled again or refunded', async () => {
    const m = membershipOf('green');
    const dto = valid(await k.api['membership.cancel']({ membershipId: m.id, reason: 'moved away' }));
    expect(dto).toMatchObject({ status: 'cancelled', effectiveStatus: 'cancelled' });
    expect(lastAudit()).toMatchObject({ action: 'membership.cancel', entity_id: m.id });
    const counts = tableCounts(k);
    await expect(k.api['membership.freeze']({ membershipId: m.id, from: TODAY, until: TODAY, reason: 'travel' })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ message: 'cancelled' }],
    });
    await expect(k.api['membership.cancel']({ membershipId: m.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 1, reason: 'money' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(tableCounts(k)).toEqual(counts);
  });

  it('a refund requested before a separate cancel is still decided, without a second cancellation', async () => {
    const m = membershipOf('green');
    const { pendingRefundId } = await k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 10_000, reason: 'leaving' });
    const cancelled = await k.api['membership.cancel']({ membershipId: m.id, reason: 'leaving' });
    expect(cancelled.pendingRefundId).toBe(pendingRefundId);
    await k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve: true });
    expect(events(m.id).filter((e) => e.kind === 'cancelled')).toHaveLength(1);
  });
});

describe('history', () => {
  it('keeps every step of the lifecycle in order, each with who did it', async () => {
    const m = membershipOf('green');
    const managerId = await k.signInAs('manager');
    await k.api['membership.freeze']({ membershipId: m.id, from: addDays(TODAY, 1), until: addDays(TODAY, 3), reason: 'travel' });
    k.clock.advance(1000);
    await k.api['membership.unfreeze']({ membershipId: m.id });
    k.clock.advance(1000);
    await k.api['membership.renew']({ membershipId: m.id, planCode: 'month', amountFen: 39_900 });
    k.clock.advance(1000);
    const { pendingRefundId } = await k.api['membership.requestRefund']({ membershipId: m.id, amountFen: 39_900, reason: 'changed mind' });
    k.clock.advance(1000);
    await k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve: false });
    k.clock.advance(1000);
    await k.api['membership.cancel']({ membershipId: m.id, reason: 'moved away' });
    const history = events(m.id);
    expect(history.map((e) => e.kind)).toEqual(['frozen', 'unfrozen', 'renewed', 'refund_requested', 'refund_rejected', 'cancelled']);
    expect(new Set(history.map((e) => e.staff_id))).toEqual(new Set([managerId]));
    const outbox = sqlite().prepare("SELECT name FROM sync_outbox WHERE name LIKE 'membership.%' ORDER BY seq").pluck().all();
    expect(outbox).toEqual(['membership.freeze', 'membership.unfreeze', 'membership.renew', 'membership.requestRefund', 'membership.decideRefund', 'membership.cancel']);
  });
});
