import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../core/time/localDate';
import { FEATURED_MEMBERS } from '../demo/featured';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';

const TODAY = '2026-11-23';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterEach(async () => {
  await k.dispose();
});

const membershipId = (key: string): string => {
  const f = FEATURED_MEMBERS.find((m) => m.key === key);
  if (!f) throw new Error(key);
  return k.ctx.kdb.sqlite
    .prepare('SELECT ms.id FROM membership ms JOIN member m ON m.id = ms.member_id WHERE m.member_no = ?')
    .pluck()
    .get(f.memberNo) as string;
};

/** Counts without audit_log: signing in writes audit rows of its own. */
const countsOf = () => {
  const { audit_log: _audit, ...rest } = tableCounts(k);
  return rest;
};

describe('who may change a membership (guards in kioskApi)', () => {
  it('reception renews and takes refund requests, but may not freeze, decide refunds or cancel', async () => {
    const green = membershipId('green');
    // A frozen membership and a pending request made by the manager, for reception to try on.
    await k.api['membership.freeze']({ membershipId: membershipId('medical'), from: addDays(TODAY, 1), until: addDays(TODAY, 2), reason: 'travel' });
    const { pendingRefundId } = await k.api['membership.requestRefund']({ membershipId: membershipId('expiring'), amountFen: 100, reason: 'leaving' });

    await k.signInAs('reception');
    await expect(k.api['membership.renew']({ membershipId: green, planCode: 'month', amountFen: 39_900 })).resolves.toMatchObject({ planCode: 'month' });
    await expect(k.api['membership.requestRefund']({ membershipId: green, amountFen: 10_000, reason: 'leaving' })).resolves.toMatchObject({
      pendingRefundId: expect.any(String),
    });
    const before = countsOf();
    const refused = [
      () => k.api['membership.freeze']({ membershipId: green, from: TODAY, until: TODAY, reason: 'travel' }),
      () => k.api['membership.unfreeze']({ membershipId: membershipId('medical') }),
      () => k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve: true }),
      () => k.api['membership.cancel']({ membershipId: green, reason: 'moved away' }),
    ];
    for (const call of refused) await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(countsOf()).toEqual(before);
  });

  it('a coach may do none of it', async () => {
    const green = membershipId('green');
    const { pendingRefundId } = await k.api['membership.requestRefund']({ membershipId: green, amountFen: 100, reason: 'leaving' });
    await k.signInAs('coach');
    const before = countsOf();
    const refused = [
      () => k.api['membership.freeze']({ membershipId: green, from: TODAY, until: TODAY, reason: 'travel' }),
      () => k.api['membership.unfreeze']({ membershipId: green }),
      () => k.api['membership.renew']({ membershipId: green, planCode: 'month', amountFen: 39_900 }),
      () => k.api['membership.requestRefund']({ membershipId: green, amountFen: 100, reason: 'leaving' }),
      () => k.api['membership.decideRefund']({ refundId: pendingRefundId!, approve: true }),
      () => k.api['membership.cancel']({ membershipId: green, reason: 'moved away' }),
    ];
    for (const call of refused) await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(countsOf()).toEqual(before);
  });
});
