import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideCheckin, isBirthday, type CheckinFacts } from './decide';
import { CONFIGURABLE_REASONS, DEFAULT_BRANCH_POLICY, EFFECTS, type BranchPolicy } from './policy';

// 08:30 on 2026-11-23 in Shanghai (00:30 UTC).
const NOW = '2026-11-23T00:30:00.000Z';
const base: CheckinFacts = {
  now: NOW,
  timeZone: 'Asia/Shanghai',
  card: { status: 'active' },
  member: { birthday: '1990-05-01', medicalAlert: false },
  membership: { status: 'active', startsOn: '2026-01-01', validUntil: '2027-06-30' },
  currentTier: 'gold',
  lastAdmittedVisit: { occurredAt: '2026-11-20T01:00:00.000Z', tierCode: 'gold' },
};
const codes = (facts: CheckinFacts, policy: BranchPolicy = DEFAULT_BRANCH_POLICY) => decideCheckin(facts, policy).reasons.map((r) => r.code);

describe('decideCheckin', () => {
  it('welcomes a member in good standing in green with no reasons', () => {
    expect(decideCheckin(base, DEFAULT_BRANCH_POLICY)).toEqual({ color: 'green', admitted: true, reasons: [], duplicate: false });
  });

  it('shows an unknown card in grey and admits nobody', () => {
    const d = decideCheckin({ ...base, member: null, membership: null, currentTier: null, lastAdmittedVisit: null }, DEFAULT_BRANCH_POLICY);
    expect(d).toMatchObject({ color: 'grey', admitted: false });
    expect(d.reasons.map((r) => r.code)).toEqual(['UNKNOWN_CARD']);
  });

  it('denies a lost card in red', () => {
    const d = decideCheckin({ ...base, card: { status: 'lost' } }, DEFAULT_BRANCH_POLICY);
    expect(d.color).toBe('red');
    expect(d.reasons[0]).toMatchObject({ code: 'CARD_LOST', effect: 'deny' });
  });

  it('knows each membership state', () => {
    const m = base.membership!;
    expect(codes({ ...base, membership: { ...m, validUntil: '2026-11-22' } })).toEqual(['MEMBERSHIP_EXPIRED']);
    expect(codes({ ...base, membership: { ...m, status: 'expired' } })).toEqual(['MEMBERSHIP_EXPIRED']);
    expect(codes({ ...base, membership: { ...m, status: 'frozen' } })).toEqual(['MEMBERSHIP_FROZEN']);
    expect(codes({ ...base, membership: { ...m, status: 'cancelled' } })).toEqual(['MEMBERSHIP_CANCELLED']);
    expect(codes({ ...base, membership: { ...m, startsOn: '2026-11-24' } })).toEqual(['MEMBERSHIP_NOT_STARTED']);
    expect(codes({ ...base, membership: null })).toEqual(['NO_MEMBERSHIP']);
  });

  it('counts the last valid day as valid, in the branch time zone', () => {
    // 2026-11-23T00:30Z is still 2026-11-22 in New York but already the 23rd in Shanghai.
    const facts = { ...base, membership: { ...base.membership!, validUntil: '2026-11-23' } };
    const d = decideCheckin(facts, DEFAULT_BRANCH_POLICY);
    expect(d.admitted).toBe(true);
    expect(d.reasons).toEqual([{ code: 'EXPIRING_SOON', effect: 'warn', params: { validUntil: '2026-11-23', daysLeft: 0 } }]);
  });

  it('warns when the membership expires within the configured days', () => {
    const facts = { ...base, membership: { ...base.membership!, validUntil: '2026-11-30' } };
    expect(decideCheckin(facts, DEFAULT_BRANCH_POLICY).color).toBe('yellow');
    expect(codes(facts, { ...DEFAULT_BRANCH_POLICY, expiringWithinDays: 6 })).toEqual([]);
  });

  it('flags a duplicate scan within the window and not after it', () => {
    const recent = { ...base, lastAdmittedVisit: { occurredAt: '2026-11-23T00:10:00.000Z', tierCode: 'gold' as const } };
    const d = decideCheckin(recent, DEFAULT_BRANCH_POLICY);
    expect(d).toMatchObject({ duplicate: true, color: 'yellow', admitted: true });
    expect(d.reasons[0]).toMatchObject({ code: 'DUPLICATE_SCAN', params: { minutesAgo: 20 } });
    expect(decideCheckin(recent, { ...DEFAULT_BRANCH_POLICY, duplicateWindowMinutes: 20 }).duplicate).toBe(false);
    expect(decideCheckin(recent, { ...DEFAULT_BRANCH_POLICY, duplicateWindowMinutes: 0 }).duplicate).toBe(false);
  });

  it('tells the member their tier changed since the last visit, with the direction', () => {
    const up = { ...base, lastAdmittedVisit: { ...base.lastAdmittedVisit!, tierCode: 'silver' as const } };
    expect(decideCheckin(up, DEFAULT_BRANCH_POLICY).reasons).toEqual([
      { code: 'TIER_CHANGED', effect: 'warn', params: { from: 'silver', to: 'gold', direction: 'up' } },
    ]);
    const down = { ...base, currentTier: 'bronze' as const };
    expect(decideCheckin(down, DEFAULT_BRANCH_POLICY).reasons[0]?.params.direction).toBe('down');
  });

  it('greets a birthday in the branch zone and keeps the decision green', () => {
    const d = decideCheckin({ ...base, member: { birthday: '1990-11-23', medicalAlert: false } }, DEFAULT_BRANCH_POLICY);
    expect(d.color).toBe('green');
    expect(d.reasons.map((r) => r.code)).toEqual(['BIRTHDAY']);
    expect(codes({ ...base, member: { birthday: '1990-11-22', medicalAlert: false } })).toEqual([]);
  });

  it('raises a medical alert', () => {
    expect(decideCheckin({ ...base, member: { birthday: null, medicalAlert: true } }, DEFAULT_BRANCH_POLICY).color).toBe('yellow');
  });

  it('lists every reason that applies at once', () => {
    const facts: CheckinFacts = {
      ...base,
      card: { status: 'lost' },
      member: { birthday: '2000-11-23', medicalAlert: true },
      membership: { ...base.membership!, status: 'frozen' },
      lastAdmittedVisit: { occurredAt: '2026-11-23T00:25:00.000Z', tierCode: 'silver' },
    };
    expect(codes(facts)).toEqual(['CARD_LOST', 'MEMBERSHIP_FROZEN', 'DUPLICATE_SCAN', 'TIER_CHANGED', 'BIRTHDAY', 'MEDICAL_ALERT']);
  });

  it('colours by the strongest effect: deny → red, warn → yellow, else green', () => {
    const reasonFacts: CheckinFacts = {
      ...base,
      member: { birthday: '2000-11-23', medicalAlert: true },
      lastAdmittedVisit: { occurredAt: '2026-11-23T00:25:00.000Z', tierCode: 'silver' },
    };
    const effect = fc.constantFrom(...EFFECTS);
    fc.assert(
      fc.property(fc.record(Object.fromEntries(CONFIGURABLE_REASONS.map((r) => [r, effect])) as Record<(typeof CONFIGURABLE_REASONS)[number], fc.Arbitrary<(typeof EFFECTS)[number]>>), (effects) => {
        const d = decideCheckin(reasonFacts, { ...DEFAULT_BRANCH_POLICY, effects });
        const used = d.reasons.map((r) => r.effect);
        expect(d.color).toBe(used.includes('deny') ? 'red' : used.includes('warn') ? 'yellow' : 'green');
        expect(d.admitted).toBe(!used.includes('deny'));
      }),
    );
  });
});

describe('isBirthday', () => {
  it('greets 29 February birthdays on 28 February in common years only', () => {
    expect(isBirthday('2000-02-29', '2027-02-28')).toBe(true);
    expect(isBirthday('2000-02-29', '2028-02-28')).toBe(false);
    expect(isBirthday('2000-02-29', '2028-02-29')).toBe(true);
    expect(isBirthday(null, '2028-02-29')).toBe(false);
  });
});
