import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, type AuditEntryFields } from './auditChain';

const entry: AuditEntryFields = {
  id: '019a0000-0000-7000-8000-000000000001',
  at: '2026-11-23T00:30:00.000Z',
  actorType: 'staff',
  actorId: 'staff-1',
  action: 'member.reveal',
  entity: 'member',
  entityId: 'member-1',
  details: { field: 'phone', reason: null },
};

describe('canonicalJson', () => {
  it('sorts keys at every level and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('sorts by UTF-16 code unit and escapes like JSON', () => {
    expect(canonicalJson({ é: 1, Z: 2, a: 3 })).toBe('{"Z":2,"a":3,"é":1}');
    expect(canonicalJson('引号"\n')).toBe('"引号\\"\\n"');
  });

  it('leaves out undefined properties, as a JSON round trip would', () => {
    const withUndefined = { a: 1, b: undefined };
    expect(canonicalJson(withUndefined)).toBe(canonicalJson(JSON.parse(JSON.stringify(withUndefined))));
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
  });
});

describe('entryHash', () => {
  it('is SHA-256 hex over prevHash, a newline and the canonical entry', () => {
    const expected = createHash('sha256')
      .update(
        `${GENESIS_HASH}\n{"action":"member.reveal","actorId":"staff-1","actorType":"staff","at":"2026-11-23T00:30:00.000Z",` +
          `"details":{"field":"phone","reason":null},"entity":"member","entityId":"member-1","id":"019a0000-0000-7000-8000-000000000001"}`,
      )
      .digest('hex');
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
  });

  it('depends on the previous hash and on every field', () => {
    const base = entryHash(GENESIS_HASH, entry);
    expect(entryHash('f'.repeat(64), entry)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, action: 'member.edit' })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, entityId: null })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, details: { field: 'name', reason: null } })).not.toBe(base);
  });

  it('ignores properties outside the hashed fields', () => {
    const row = { ...entry, seq: 7, hash: 'x' };
    expect(entryHash(GENESIS_HASH, row)).toBe(entryHash(GENESIS_HASH, entry));
  });
});
