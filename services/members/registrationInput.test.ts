import { describe, expect, it } from 'vitest';
import { isDeviceMemberNoPrefix, nextMemberNo } from './registrationInput';

/** What the POS consumption import accepts as a member number (core/consumption/row.ts). */
const POS_SHAPE = /^M[0-9]{6,}$/;

describe('nextMemberNo', () => {
  it('a standalone desk counts up from its highest number, M + at least 6 digits', () => {
    expect(nextMemberNo(null)).toBe('M000001');
    expect(nextMemberNo('M000041')).toBe('M000042');
    expect(nextMemberNo('M999999')).toBe('M1000000');
    expect(nextMemberNo('X12')).toBe('M000001');
  });

  it('an enrolled desk numbers under its prefix, counting from the highest number under it', () => {
    expect(nextMemberNo(null, 'M0007')).toBe('M0007000001');
    expect(nextMemberNo('M0007000041', 'M0007')).toBe('M0007000042');
    expect(nextMemberNo('M0007999999', 'M0007')).toBe('M00071000000');
    expect(nextMemberNo('M10000000009', 'M10000')).toBe('M10000000010');
    // A number of another prefix is not a count of this one.
    expect(nextMemberNo('M0003000041', 'M0007')).toBe('M0007000001');
    expect(nextMemberNo('M0007abc', 'M0007')).toBe('M0007000001');
  });

  it('every number keeps the shape the POS import expects', () => {
    for (const [last, prefix] of [[null, 'M'], ['M999999', 'M'], [null, 'M0001'], ['M9999999999', 'M9999'], [null, 'M10000']] as const) {
      expect(nextMemberNo(last, prefix)).toMatch(POS_SHAPE);
    }
  });
});

describe('isDeviceMemberNoPrefix', () => {
  it('accepts M + a serial of 4 or more digits, refuses the reserved M0000 and anything else', () => {
    for (const ok of ['M0001', 'M0007', 'M9999', 'M10000']) expect(isDeviceMemberNoPrefix(ok), ok).toBe(true);
    for (const bad of ['M0000', 'M', 'M001', 'm0007', 'M0007 ', 'X0007', 'M00a7', 'M0007000001x']) expect(isDeviceMemberNoPrefix(bad), bad).toBe(false);
  });
});
