import { describe, expect, it } from 'vitest';
import { REPLICATED_TABLES } from '../../core/sync/replicated';
import { toKioskRow } from './kioskRows';

describe('toKioskRow', () => {
  const memberRow = {
    id: 'm1', member_no: 'M000001', name: '林晓', gender: 'female', birthday: '1990-03-07', phone: '16612340000', phone_tail: '0000',
    home_branch_id: 'b1', photo: null, medical_alert: true, fitness_goal: null, preferred_courses: ['yoga', 'spin'],
    created_at: new Date('2026-11-23T01:02:03.000Z'), updated_at: '2026-11-23T01:02:03+08:00', erased_at: null, registered_by: 's1', version: '3',
    id_card_sealed: 'sealed', id_card_index: 'index', health_notes_sealed: 'sealed', emergency_contact_sealed: 'sealed', field_clock: { name: 'x' },
  };

  it('gives exactly the replicated columns in SQLite types; sealed columns, the blind index and the field clock stay out', () => {
    const row = toKioskRow('member', memberRow);
    expect(Object.keys(row)).toEqual([...REPLICATED_TABLES.member.columns]);
    expect(row).toMatchObject({
      medical_alert: 1, preferred_courses: '["yoga","spin"]', created_at: '2026-11-23T01:02:03.000Z', updated_at: '2026-11-22T17:02:03.000Z',
      erased_at: null, birthday: '1990-03-07', version: 3,
    });
  });

  it('dates stay calendar text, booleans 0/1, JSON text passes through, missing columns are null', () => {
    expect(toKioskRow('membership', { id: 'x', starts_on: '2026-01-01', valid_until: new Date('2026-12-31T00:00:00Z'), status: 'active', version: 1 }))
      .toMatchObject({ starts_on: '2026-01-01', valid_until: '2026-12-31', frozen_from: null, plan_code: null });
    expect(toKioskRow('visit', { id: 'v', admitted: false, reasons: '[{"code":"ok"}]', occurred_at: '2026-11-23T00:00:00Z' }))
      .toMatchObject({ admitted: 0, reasons: '[{"code":"ok"}]', occurred_at: '2026-11-23T00:00:00.000Z' });
  });

  it('does not change its input', () => {
    const copy = structuredClone(memberRow);
    toKioskRow('member', memberRow);
    expect(memberRow).toEqual(copy);
  });
});
