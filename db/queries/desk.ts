import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export async function thisDevice(db: Kysely<DB>) {
  return db
    .selectFrom('device')
    .innerJoin('branch', 'branch.id', 'device.branch_id')
    .select(['device.id as deviceId', 'device.name as deviceName', 'branch.id as branchId', 'branch.code as branchCode', 'branch.name as branchName', 'branch.time_zone as timeZone'])
    .where('device.is_this_device', '=', 1)
    .executeTakeFirst();
}

export async function activeStaff(db: Kysely<DB>, branchId: string) {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'role'])
    .where('branch_id', '=', branchId)
    .where('active', '=', 1)
    .orderBy('role')
    .orderBy('name')
    .execute();
}

export async function getSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('setting')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function branchNames(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('branch').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function tierBenefitRows(db: Kysely<DB>) {
  return db.selectFrom('tier_benefit').selectAll().execute();
}
