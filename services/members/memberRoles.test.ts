import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../core/contract/methods';
import type { StaffRole } from '../../core/staff/permissions';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { call, failure, registration } from './memberTestKit';

/**
 * The role guard in front of every member method (core/staff/permissions.ts): what each role is
 * refused, and that a refusal writes nothing. One kiosk for the file; roles switch by sign-in.
 */
let k: TempKiosk;
let memberId: string;
let bindingId: string;
let requestId: string;

beforeAll(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
  const r = await call(k, 'members.register', registration({ card: { card: 'C0DE0D01', format: 'hex' } }));
  memberId = r.memberId;
  bindingId = r.card!.id;
  requestId = (await call(k, 'members.requestDeletion', { memberId, reason: '会员本人申请' })).id;
});
afterAll(async () => {
  await k.dispose();
});

type Case = { [M in MethodName]: [M, () => MethodInput<M>] }[MethodName];
const cases = (): Case[] => [
  ['members.findDuplicates', () => ({ phone: '16612340000' })],
  ['members.register', () => registration({ profile: { phone: '16612349000' } })],
  ['members.page', () => ({ memberId })],
  ['members.reveal', () => ({ memberId, field: 'idCard' as const })],
  ['cards.bind', () => ({ memberId, card: { card: 'C0DE0D02', format: 'hex' } })],
  ['cards.replace', () => ({ memberId, card: { card: 'C0DE0D03', format: 'hex' } })],
  ['cards.reportLost', () => ({ bindingId })],
  ['cards.unbind', () => ({ bindingId })],
  ['members.requestDeletion', () => ({ memberId, reason: '会员本人申请' })],
  ['members.deletionRequests', () => ({})],
  ['members.decideDeletion', () => ({ requestId, approve: false })],
];

/** What each role must be refused, written out by hand from the permission matrix. */
const REFUSED: Record<'reception' | 'coach' | 'manager', MethodName[]> = {
  reception: ['members.reveal', 'members.deletionRequests', 'members.decideDeletion'],
  coach: [
    'members.findDuplicates',
    'members.register',
    'members.reveal',
    'cards.bind',
    'cards.replace',
    'cards.reportLost',
    'cards.unbind',
    'members.requestDeletion',
    'members.deletionRequests',
    'members.decideDeletion',
  ],
  manager: [],
};

describe('member methods behind the role guard', () => {
  it.each(['reception', 'coach', 'manager'] as const)('%s is refused exactly its forbidden methods, writing nothing', async (role: 'reception' | 'coach' | 'manager') => {
    await k.signInAs(role as StaffRole);
    const refused = new Set<MethodName>(REFUSED[role]);
    for (const [method, input] of cases()) {
      if (!refused.has(method)) continue;
      const before = tableCounts(k);
      const error = await failure(k, method, input() as never);
      expect([method, error.code]).toEqual([method, 'FORBIDDEN']);
      expect(tableCounts(k), method).toEqual(before);
    }
    // And the reads it is allowed go through (the writes are exercised in the other files).
    if (!refused.has('members.page')) expect((await call(k, 'members.page', { memberId })).profile.id).toBe(memberId);
    if (!refused.has('members.findDuplicates')) expect(await call(k, 'members.findDuplicates', { phone: '16612340000' })).toHaveLength(1);
    if (!refused.has('members.deletionRequests')) expect(await call(k, 'members.deletionRequests', {})).toHaveLength(1);
  });

  it('refuses every member method to a signed-out desk', async () => {
    await k.signInAs('manager');
    await k.api['staff.signOut']({});
    for (const [method, input] of cases()) {
      const error = await failure(k, method, input() as never);
      expect([method, error.code]).toEqual([method, 'NO_STAFF_ON_DUTY']);
    }
  });
});
