import { createHash } from 'node:crypto';

/** prev_hash of the first row: nothing precedes it. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditActorType = 'staff' | 'member' | 'system' | 'device';

/** Flat on purpose: references (ids, field names, counts, flags), never nested payloads. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** Exactly the fields the hash covers; seq is not among them (it is the row's place, checked separately). */
export interface AuditEntryFields {
  id: string;
  at: string;
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: AuditDetails;
}

/**
 * JSON with object keys sorted (UTF-16 code-unit order, as in RFC 8785) and no whitespace, so
 * the same entry always hashes the same whichever order its properties were built in. Keys
 * whose value is undefined are left out, as JSON.stringify does, so a row read back from its
 * stored JSON hashes like the object it was written from. Non-finite numbers are refused:
 * JSON would silently turn them into null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const parts = Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no ${typeof value}`);
  }
}

/**
 * SHA-256 hex over the previous hash, a newline and the canonical JSON of the entry's hashed
 * fields. The fields are picked one by one so extra properties on the argument (a row's seq,
 * its own hash) can never change the result.
 */
export function entryHash(prevHash: string, entry: AuditEntryFields): string {
  const fields = {
    id: entry.id,
    at: entry.at,
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    details: entry.details,
  };
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(fields)}`, 'utf8').digest('hex');
}
