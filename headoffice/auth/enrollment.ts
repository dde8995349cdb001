import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { HqDB } from '../db/schema';

/** Crockford-style alphabet: no 0/O, 1/I/L, so a code read aloud or typed survives. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const DEFAULT_CODE_TTL_MS = 24 * 60 * 60_000;

/** Codes are compared without dashes and case: `abcd-efgh-jkmn` equals `ABCDEFGHJKMN`. */
export function hashEnrollmentCode(code: string): string {
  return createHash('sha256').update(code.replace(/-/g, '').toUpperCase()).digest('hex');
}

/** Issues a one-time code for a branch; only its hash is stored, the code is shown once. */
export async function issueEnrollmentCode(db: Kysely<HqDB>, branchId: string, ttlMs = DEFAULT_CODE_TTL_MS): Promise<{ code: string; expiresAt: Date }> {
  const branch = await db.selectFrom('branch').select('id').where('id', '=', branchId).executeTakeFirst();
  if (!branch) throw new Error(`no branch ${branchId}`);
  let raw = '';
  for (let i = 0; i < 12; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insertInto('enrollment_code').values({ code_hash: hashEnrollmentCode(code), branch_id: branchId, expires_at: expiresAt, used_at: null, device_id: null }).execute();
  return { code, expiresAt };
}

export interface Enrolled {
  deviceId: string;
  branchId: string;
  branchCode: string;
  secret: string;
  /** The prefix under which this device alone numbers new members (see memberNoPrefixOf). */
  memberNoPrefix: string;
}

/** Serialises serial assignment across concurrent enrollments (the migration lock is 72451001). */
const DEVICE_SERIAL_LOCK = 72451002;

/**
 * A device's member-number prefix: `M` + its serial zero-padded to 4 digits (serial 7 → `M0007`).
 * Serials start at 1, so `M0000` never names a device: it is head office's reserved space for
 * renumbering (sync/handlers/memberRegister.ts).
 */
export function memberNoPrefixOf(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1) throw new Error(`not a device serial: ${serial}`);
  return `M${String(serial).padStart(4, '0')}`;
}

/**
 * Consumes a code (once: the UPDATE … WHERE used_at IS NULL AND expires_at > now() is the gate)
 * and registers the device with a fresh 32-byte secret. Null when the code is unknown, used or
 * expired — the caller answers 403 without saying which. The device's serial is the highest so
 * far plus one, under a transaction-scoped advisory lock: two enrollments at once would otherwise
 * read the same maximum (the UNIQUE constraint stays as the last wall).
 */
export async function enrollDevice(db: Kysely<HqDB>, code: string, deviceName: string): Promise<Enrolled | null> {
  return db.transaction().execute(async (trx) => {
    const deviceId = randomUUID();
    const used = await trx
      .updateTable('enrollment_code')
      .set({ used_at: new Date() })
      .where('code_hash', '=', hashEnrollmentCode(code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning('branch_id')
      .executeTakeFirst();
    if (!used) return null;
    const branch = await trx.selectFrom('branch').select(['id', 'code']).where('id', '=', used.branch_id).executeTakeFirstOrThrow();
    const secret = randomBytes(32).toString('base64');
    await sql`SELECT pg_advisory_xact_lock(${DEVICE_SERIAL_LOCK})`.execute(trx);
    const top = await trx.selectFrom('device').select((eb) => eb.fn.max('serial').as('serial')).executeTakeFirst();
    const serial = Number(top?.serial ?? 0) + 1;
    await trx
      .insertInto('device')
      .values({ id: deviceId, branch_id: branch.id, name: deviceName, secret, status: 'active', last_seen_at: null, revoked_at: null, serial })
      .execute();
    await trx.updateTable('enrollment_code').set({ device_id: deviceId }).where('code_hash', '=', hashEnrollmentCode(code)).execute();
    return { deviceId, branchId: branch.id, branchCode: branch.code, secret, memberNoPrefix: memberNoPrefixOf(serial) };
  });
}
