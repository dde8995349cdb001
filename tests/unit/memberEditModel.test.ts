import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { MemberPageDto } from '../../core/contract/memberDto';
import { methods } from '../../core/contract/methods';
import { buildUpdate, initialEditValues, type Clearable, type EditValues } from '../../renderer/src/members/editModel';

/** The 编辑资料 dialog sends only what staff changed (renderer/src/members/editModel.ts). */
const ID = '0190a5d2-3c4b-7def-8a12-3456789abcde';
const profile: MemberPageDto['profile'] = {
  id: ID,
  memberNo: 'M000201',
  name: '林晓',
  gender: 'female',
  birthday: '1990-03-07',
  phoneMasked: '166****0000',
  idCardMasked: '110***********0013',
  hasHealthNotes: true,
  emergencyContactMasked: '李** 166****0000',
  fitnessGoal: '减脂',
  preferredCourses: ['yoga', 'pilates'],
  photoDataUrl: null,
  medicalAlert: true,
  homeBranchName: '静安寺店',
  createdAt: '2026-11-23T00:30:00.000Z',
  sensitiveConsent: { granted: true, textVersion: 'sensitive-2026-11', recordedAt: '2026-11-23T00:30:00.000Z' },
  erasedAt: null,
};
const none: ReadonlySet<Clearable> = new Set();
const values = (patch: Partial<EditValues> = {}): EditValues => ({ ...initialEditValues(profile), ...patch });
const valid = (input: unknown) => methods['members.update'].input.safeParse(input).success;

describe('buildUpdate', () => {
  it('sends nothing for an untouched form, courses in another order included', () => {
    expect(buildUpdate(ID, values(), profile, none, 'keep', false)).toBeNull();
    expect(buildUpdate(ID, values({ preferredCourses: ['pilates', 'yoga'], fitnessGoal: ' 减脂 ' }), profile, none, 'keep', false)).toBeNull();
  });

  it('sends only the changed fields, typed masked values and clears, valid for the contract', () => {
    const input = buildUpdate(ID, values({ name: ' 林晓雨 ', birthday: dayjs('1990-03-08'), phone: '16655557788', fitnessGoal: '' }), profile, new Set<Clearable>(['emergencyContact']), 'keep', false);
    expect(input).toEqual({ memberId: ID, changes: { name: '林晓雨', birthday: '1990-03-08', fitnessGoal: null, phone: '16655557788', emergencyContact: null } });
    expect(valid(input)).toBe(true);
  });

  it('sends a new ID number in upper case with the consent in force, and drops it without', () => {
    const typed = values({ idCard: '11010119900307001x', healthNotes: '膝伤' });
    expect(buildUpdate(ID, typed, profile, none, 'keep', true)).toEqual({
      memberId: ID,
      changes: { idCard: '11010119900307001X', healthNotes: '膝伤' },
      acknowledgeDuplicates: true,
    });
    const declined = { ...profile, sensitiveConsent: null };
    expect(buildUpdate(ID, typed, declined, none, 'keep', false)).toBeNull();
    expect(buildUpdate(ID, typed, declined, none, 'grant', false)).toMatchObject({ changes: { idCard: '11010119900307001X' }, consent: { sensitive: true } });
  });

  it('withdrawing sends both sensitive fields cleared, whatever was typed', () => {
    const input = buildUpdate(ID, values({ idCard: '110101199003070013' }), profile, none, 'withdraw', false);
    expect(input).toEqual({ memberId: ID, changes: { idCard: null, healthNotes: null }, consent: { sensitive: false, textVersion: 'sensitive-2026-11' } });
    expect(valid(input)).toBe(true);
  });
});
