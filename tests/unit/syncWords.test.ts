import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, zhCN } from '../../renderer/src/i18n/locales/resources';
import type { PullIssueDto } from '../../core/contract/syncMethods';
import { clockWords, mutationWords, pullIssueWords, reasonWords, relativeWords, syncErrorKind } from '../../renderer/src/sync/syncWords';

/** The sync page's words: the engine's errors sorted into what staff can do, clocks, names. */
let zh: TFunction;
let enT: TFunction;
beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({ lng, resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } });
    return i.t;
  };
  zh = await make('zh-CN');
  enT = await make('en');
});

// Every mutation the desk writes (grep `outbox.write(` and MembershipService.record in services).
const MUTATIONS = [
  'visit.record', 'visit.override', 'member.register', 'member.update', 'member.requestDeletion', 'member.rejectDeletion', 'member.erase',
  'card.bind', 'card.setStatus', 'class_attendance.record', 'consumption.record', 'membership.freeze', 'membership.unfreeze',
  'membership.renew', 'membership.requestRefund', 'membership.decideRefund', 'membership.cancel',
];

describe('sync words', () => {
  it('sorts the engine messages into what staff can do', () => {
    expect(syncErrorKind('network: fetch failed (ECONNREFUSED)')).toBe('network');
    expect(syncErrorKind('head office unavailable (503 UNAVAILABLE: retry later)')).toBe('unavailable');
    expect(syncErrorKind('update required: head office no longer accepts this version (426 VERSION_NOT_SUPPORTED: x)')).toBe('update');
    expect(syncErrorKind('head office reports this client diverged (409 CLIENT_DIVERGED: x)')).toBe('diverged');
    expect(syncErrorKind('head office keeps expecting seq 4; this client cannot continue (409 OUT_OF_ORDER: x)')).toBe('diverged');
    expect(syncErrorKind('head office refused this device (401 UNAUTHORIZED: bad signature)')).toBe('device');
    expect(syncErrorKind('the sync credential for this enrollment is missing on this PC; enroll again')).toBe('credential');
    expect(syncErrorKind('something new')).toBe('other');
  });

  it('flags a PC clock more than a minute off, in the direction it is off', () => {
    expect(clockWords(zh, 59_000)).toBeNull();
    expect(clockWords(zh, -60_000)).toBeNull();
    expect(clockWords(zh, 2 * 3_600_000)).toBe('本机时钟比总部慢 2 小时');
    expect(clockWords(zh, -5 * 60_000)).toBe('本机时钟比总部快 5 分钟');
    expect(clockWords(zh, 26 * 3_600_000)).toBe('本机时钟比总部慢 1 天');
    expect(clockWords(enT, 2 * 3_600_000)).toBe("This PC's clock is 2 hours behind head office");
    expect(clockWords(enT, -60_001)).toBe("This PC's clock is 1 minute ahead of head office");
  });

  it('says "just now" for under a minute, also a moment ahead, then minutes and hours ago', () => {
    const now = Date.parse('2026-11-23T00:30:00Z');
    expect(relativeWords(zh, '2026-11-23T00:30:02Z', now, 'zh-CN')).toBe('刚刚');
    expect(relativeWords(zh, '2026-11-23T00:29:30Z', now, 'zh-CN')).toBe('刚刚');
    expect(relativeWords(zh, '2026-11-23T00:27:00Z', now, 'zh-CN')).toBe('3分钟前');
    expect(relativeWords(enT, '2026-11-22T22:30:00Z', now, 'en')).toBe('2 hours ago');
  });

  it('names every mutation the desk writes in both languages, and an unknown one by its name', () => {
    for (const name of MUTATIONS) {
      for (const t of [zh, enT]) {
        const words = mutationWords(t, name);
        expect(words, name).not.toContain(name);
        expect(words, name).not.toMatch(/returned an object|^sync\./);
      }
    }
    expect(mutationWords(zh, 'visit.record')).toBe('签到记录');
    expect(mutationWords(zh, 'card.bind')).toBe('绑定会员卡');
    expect(mutationWords(zh, 'member.register')).toBe('新会员登记');
    expect(mutationWords(zh, 'desk.somethingNew')).toBe('其他记录（desk.somethingNew）');
  });

  it('explains a rejection code, and any other as refused', () => {
    expect(reasonWords(zh, 'CONFLICT')).toBe('与总部已有的数据冲突');
    expect(reasonWords(zh, 'FORBIDDEN')).toBe('本机无权做这项修改');
    expect(reasonWords(zh, 'VALIDATION')).toBe('总部认为内容不完整或不正确');
    expect(reasonWords(zh, 'WHATEVER')).toBe('总部拒收');
    expect(reasonWords(enT, null)).toBe('Refused by head office');
  });

  it('says what the pull could not take as sent, in both languages, with every table and reason worded', () => {
    const issue = (over: Partial<PullIssueDto>): PullIssueDto => ({ auditSeq: 1, at: '2026-11-23T00:30:00.000Z', kind: 'rowFailed', table: 'member', reason: 'other', codes: null, resolved: null, ...over });
    expect(pullIssueWords(zh, issue({ reason: 'memberNoTaken' }))).toEqual({
      what: '会员资料未写入',
      why: '总部的一条会员资料无法写入本机：会员号已被本机另一位会员使用。这条已跳过，请联系总部核对。',
    });
    expect(pullIssueWords(zh, issue({ kind: 'branchCodeYielded', table: 'branch', reason: null, codes: { from: 'SH-XH-02', to: 'SH-XH-02~local' } })).why).toBe(
      '总部的门店使用了编号 SH-XH-02，本机原用这个编号的门店已改为 SH-XH-02~local，请在门店管理中核对。',
    );
    expect(pullIssueWords(enT, issue({ kind: 'memberNoMovedAside', reason: null, resolved: false })).what).toBe('Member number changed');
    const reasons = ['memberNoTaken', 'duplicate', 'missingValue', 'invalidValue', 'unreadableValue', 'other'] as const;
    for (const t of [zh, enT]) {
      for (const table of ['member', 'membership', 'card_binding', 'visit', 'branch', null]) {
        for (const reason of reasons) {
          const words = pullIssueWords(t, issue({ table, reason }));
          expect(`${words.what} ${words.why}`).not.toMatch(/sync\.pulled|undefined|{{/);
        }
      }
    }
  });
});
