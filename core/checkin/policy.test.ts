import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH_POLICY, resolveBranchPolicy } from './policy';

describe('resolveBranchPolicy', () => {
  it('fills what a file leaves out from the defaults', () => {
    expect(resolveBranchPolicy({})).toEqual(DEFAULT_BRANCH_POLICY);
    const p = resolveBranchPolicy({ duplicateWindowMinutes: 10, effects: { BIRTHDAY: 'warn' } });
    expect(p.duplicateWindowMinutes).toBe(10);
    expect(p.effects.BIRTHDAY).toBe('warn');
    expect(p.effects.CARD_LOST).toBe('deny');
  });

  it('refuses unknown reasons, effects and keys, and out-of-range numbers', () => {
    expect(() => resolveBranchPolicy({ effects: { UNKNOWN_CARD: 'allow' } })).toThrow();
    expect(() => resolveBranchPolicy({ effects: { CARD_LOST: 'maybe' } })).toThrow();
    expect(() => resolveBranchPolicy({ colour: 'red' })).toThrow();
    expect(() => resolveBranchPolicy({ duplicateWindowMinutes: -1 })).toThrow();
    expect(() => resolveBranchPolicy({ expiringWithinDays: 1.5 })).toThrow();
    expect(() => resolveBranchPolicy(null)).toThrow();
  });
});
