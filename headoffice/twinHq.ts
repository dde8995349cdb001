/**
 * Test support: two head-office databases with the same branches, devices and change log, ids
 * and all — one for the path under test, one for the one-by-one reference — and a snapshot of
 * everything a push writes, to hold them equal.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createBranch } from './admin';
import type { AuthedDevice } from './auth/signature';
import { enrollDevice, issueEnrollmentCode } from './auth/enrollment';
import type { HqDatabase } from './db/open';
import type { HqDB } from './db/schema';
import type { Backend } from './testing';

const COMPARED: { table: keyof HqDB; order: string[]; drop: string[] }[] = [
  { table: 'visit', order: ['id'], drop: [] },
  { table: 'consumption', order: ['id'], drop: [] },
  { table: 'member', order: ['id'], drop: [] },
  { table: 'membership', order: ['id'], drop: [] },
  { table: 'membership_event', order: ['id'], drop: [] },
  { table: 'card_binding', order: ['id'], drop: [] },
  { table: 'member_conflict', order: ['member_id', 'field', 'mutation_id'], drop: ['id', 'recorded_at'] }, // the id: a rolled-back try leaves a gap in its sequence
  { table: 'sync_client', order: ['client_id'], drop: ['created_at'] },
  { table: 'sync_mutation', order: ['client_id', 'seq'], drop: ['received_at'] },
  { table: 'sync_scope', order: ['scope'], drop: [] },
  { table: 'change_log', order: ['scope', 'seq'], drop: ['committed_at'] },
];

/** What pushes write, in a fixed order, without the columns stamped by the clock. */
export async function pushSnapshot(db: Kysely<HqDB>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { table, order, drop } of COMPARED) {
    let q = db.selectFrom(table).selectAll();
    for (const column of order) q = q.orderBy(column as never);
    out[table] = (await q.execute()).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k))));
  }
  return out;
}

export interface TwinHqs {
  subject: HqDatabase;
  reference: HqDatabase;
  /** One enrolled desk per branch code, in the same order. */
  devices: AuthedDevice[];
  cleanup(): Promise<void>;
}

/** Two databases of `backend`, each with one branch and one enrolled desk per code. */
export async function openTwinHqs(backend: Backend, branches: { code: string; name: string }[]): Promise<TwinHqs> {
  const [subject, reference] = [await backend.open(), await backend.open()];
  const db = subject.hq.db;
  const devices: AuthedDevice[] = [];
  for (const [i, b] of branches.entries()) {
    const branch = await createBranch(db, b);
    const enrolled = (await enrollDevice(db, (await issueEnrollmentCode(db, branch.id)).code, `前台 ${i + 1}`))!;
    devices.push({ deviceId: enrolled.deviceId, branchId: branch.id });
  }
  const ref = reference.hq.db;
  await ref.deleteFrom('change_log').execute();
  await ref.deleteFrom('sync_scope').execute();
  await ref.insertInto('branch').values(await db.selectFrom('branch').selectAll().execute()).execute();
  await ref.insertInto('device').values(await db.selectFrom('device').selectAll().execute()).execute();
  const scopes = await db.selectFrom('sync_scope').selectAll().execute();
  if (scopes.length > 0) await ref.insertInto('sync_scope').values(scopes).execute();
  const log = await db.selectFrom('change_log').selectAll().execute();
  if (log.length > 0) await ref.insertInto('change_log').values(log.map((c) => ({ ...c, row: c.row === null ? null : JSON.stringify(c.row) }))).execute();
  expect(await pushSnapshot(ref)).toEqual(await pushSnapshot(db));
  return {
    subject: subject.hq,
    reference: reference.hq,
    devices,
    async cleanup() {
      await subject.cleanup();
      await reference.cleanup();
    },
  };
}
