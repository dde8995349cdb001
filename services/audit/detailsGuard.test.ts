import { describe, expect, it } from 'vitest';
import { newId } from '../ports';
import { assertNoPersonalData, AuditDetailsError, MAX_AUDIT_STRING, personalDataProblem } from './detailsGuard';

const base = { actorId: 'staff-1', action: 'member.edit', entity: 'member', entityId: 'member-1' };

function problemOf(details: Record<string, unknown>): string | null {
  try {
    assertNoPersonalData({ ...base, details: details as Record<string, string> });
    return null;
  } catch (error) {
    if (error instanceof AuditDetailsError) return error.problem;
    throw error;
  }
}

describe('personal data guard', () => {
  it('refuses ID-card-like values, bare or inside text', () => {
    expect(problemOf({ v: '11010519491231002X' })).toBe('id_card');
    expect(problemOf({ v: '110105194912310021' })).toBe('id_card');
    expect(problemOf({ v: '11010519491231002x' })).toBe('id_card');
    expect(problemOf({ v: '身份证110105194912310021已核验' })).toBe('id_card');
  });

  it('refuses mainland-mobile-like values, as typed at a desk too', () => {
    for (const v of ['13800138000', '19912345678', '138 0013 8000', '138-0013-8000', '+86 13800138000', '8613800138000', '电话13800138000']) {
      expect(problemOf({ v }), v).toBe('mobile');
    }
    expect(problemOf({ v: 13800138000 })).toBe('mobile');
  });

  it('refuses strings longer than the limit and keeps the value out of the message', () => {
    expect(problemOf({ v: 'x'.repeat(MAX_AUDIT_STRING + 1) })).toBe('too_long');
    expect(problemOf({ v: 'x'.repeat(MAX_AUDIT_STRING) })).toBeNull();
    expect(() => assertNoPersonalData({ ...base, details: { phone: '13800138000' } })).toThrow(
      expect.objectContaining({ name: 'AuditDetailsError', field: 'details.phone', message: expect.not.stringContaining('13800138000') }),
    );
  });

  it('checks keys and the other free fields, without echoing a refused key', () => {
    expect(() => assertNoPersonalData({ ...base, details: { '13800138000': true } })).toThrow(
      expect.objectContaining({ field: 'details key', message: expect.not.stringContaining('13800138000') }),
    );
    expect(() => assertNoPersonalData({ ...base, entityId: '13800138000', details: {} })).toThrow(AuditDetailsError);
    expect(() => assertNoPersonalData({ ...base, actorId: '110105194912310021', details: {} })).toThrow(AuditDetailsError);
  });

  it('refuses non-scalar and non-finite values that slip past the types', () => {
    expect(problemOf({ v: { nested: 1 } })).toBe('not_a_scalar');
    expect(problemOf({ v: [1] })).toBe('not_a_scalar');
    expect(problemOf({ v: Number.NaN })).toBe('not_finite');
  });

  it('lets references through: ids, field names, counts, flags, short numbers', () => {
    expect(problemOf({ field: 'phone', memberId: newId(), count: 3, admitted: true, reason: null, amountFen: 1380013800 })).toBeNull();
    // Not mobiles: 12 is no mobile prefix, 10 and 12 digits are the wrong length, letters glue a token.
    for (const v of ['12345678901', '1380013800', '138001380001', 'a13800138000', '13800138000f', '2026-11-23T00:30:00.000Z']) {
      expect(personalDataProblem(v), v).toBeNull();
    }
  });

  it('never refuses a UUID (ids are exactly what the audit log should hold)', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = newId();
      expect(personalDataProblem(id), id).toBeNull();
    }
    // The all-digit worst case: groups of 8-4-4-4-12 never add up to 11 or 18 digits.
    expect(personalDataProblem('13800138-1380-7013-8013-800138001380')).toBeNull();
  });
});
