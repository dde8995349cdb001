import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { HqDB } from './db/schema';
import { appendChangesInTransaction } from './sync/changeLog';
import { GLOBAL_SCOPE } from './sync/scopes';
import { toKioskRow } from './sync/kioskRows';

/**
 * Creates a branch and writes it to the `global` change log in the same transaction, so every
 * enrolled branch learns it (a member's home branch references it on the kiosk).
 */
export async function createBranch(db: Kysely<HqDB>, b: { code: string; name: string; timeZone?: string }): Promise<{ id: string; code: string; name: string; timeZone: string }> {
  const id = randomUUID();
  const timeZone = b.timeZone ?? 'Asia/Shanghai';
  await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('branch').values({ id, code: b.code, name: b.name, time_zone: timeZone, version: 1 }).returningAll().executeTakeFirstOrThrow();
    await appendChangesInTransaction(trx, [{ scope: GLOBAL_SCOPE, table: 'branch', pk: id, op: 'upsert', row: toKioskRow('branch', row), version: row.version }]);
  });
  return { id, code: b.code, name: b.name, timeZone };
}

/** A branch by id or by code. */
export async function findBranch(db: Kysely<HqDB>, idOrCode: string) {
  return db.selectFrom('branch').selectAll().where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
}

export async function listDevices(db: Kysely<HqDB>) {
  return db
    .selectFrom('device')
    .innerJoin('branch', 'branch.id', 'device.branch_id')
    .select(['device.id', 'device.name', 'device.status', 'device.created_at', 'device.last_seen_at', 'branch.code as branch_code'])
    .orderBy('branch.code')
    .orderBy('device.created_at')
    .execute();
}

/** Revokes a device: every later request of it is refused (403). True when it was active. */
export async function revokeDevice(db: Kysely<HqDB>, deviceId: string): Promise<boolean> {
  const r = await db.updateTable('device').set({ status: 'revoked', revoked_at: new Date() }).where('id', '=', deviceId).where('status', '=', 'active').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
