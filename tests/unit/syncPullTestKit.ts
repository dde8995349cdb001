/** Test support for the pull and bootstrap tests: head-office roster rows written by hand, and both sides' images of them. */
import { randomUUID } from 'node:crypto';
import { ROSTER_TABLES, type RosterTable } from '../../core/sync/bootstrapProtocol';
import { REPLICATED_TABLES } from '../../core/sync/replicated';
import type { HqDatabase } from '../../headoffice/db/open';
import { appendChangesInTransaction } from '../../headoffice/sync/changeLog';
import { toKioskRow } from '../../headoffice/sync/kioskRows';
import { mapBranchIds } from '../../services/sync/changeApplier';
import type { TempKiosk } from '../../services/testing/tempKiosk';
import type { HqRig } from './headOfficeFixture';

let memberNo = 0;

/** A head-office member row (written directly; `log` also appends its change to `global`). */
export function hqMemberRow(homeBranchId: string, over: Record<string, unknown> = {}) {
  const n = ++memberNo;
  const now = new Date('2026-11-01T02:00:00Z');
  return {
    id: randomUUID(), member_no: `HQ${String(n).padStart(7, '0')}-${randomUUID().slice(0, 4)}`, name: `会员${n}`, gender: 'female', birthday: '1990-05-01',
    phone: `139${String(n).padStart(8, '0')}`, phone_tail: String(n).padStart(4, '0').slice(-4), home_branch_id: homeBranchId, photo: null, medical_alert: n % 7 === 0,
    fitness_goal: null, preferred_courses: '[]', created_at: now, updated_at: now, erased_at: null, registered_by: null, version: 1, ...over,
  };
}

type Writable = Record<string, unknown>;

/** Upserts head-office roster rows and logs them in `global`, one transaction (as a handler would). */
export async function hqWrite(hq: HqDatabase, table: RosterTable, rows: Writable[], op: 'upsert' | 'delete' = 'upsert'): Promise<void> {
  await hq.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      if (op === 'upsert') {
        const cols = Object.keys(row).filter((c) => c !== 'id');
        await trx
          .insertInto(table as 'member')
          .values(row as never)
          .onConflict((oc) => oc.column('id').doUpdateSet(Object.fromEntries(cols.map((c) => [c, (eb: { ref(c: string): unknown }) => eb.ref(`excluded.${c}`)])) as never))
          .execute();
      } else {
        await trx.deleteFrom(table as 'member').where('id', '=', row.id as string).execute();
      }
    }
    await appendChangesInTransaction(
      trx,
      rows.map((row) => ({ scope: 'global', table, pk: String(row.id), op, row: op === 'upsert' ? toKioskRow(table, row) : null, version: Number(row.version) })),
    );
  });
}

/** Many members with a membership and a card each, inserted at head office in chunks (no change log: roster only). */
export async function hqRoster(hq: HqDatabase, homeBranchId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 500) {
    const members = Array.from({ length: Math.min(500, n - i) }, () => hqMemberRow(homeBranchId));
    await hq.db.insertInto('member').values(members as never).execute();
    await hq.db
      .insertInto('membership')
      .values(members.map((m) => ({
        id: randomUUID(), member_id: m.id, plan_name: '年卡', plan_code: 'Y1', starts_on: '2026-01-01', valid_until: '2026-12-31', status: 'active',
        frozen_from: null, frozen_until: null, created_at: m.created_at, updated_at: m.updated_at, branch_id: homeBranchId, version: 1,
      })) as never)
      .execute();
    await hq.db
      .insertInto('card_binding')
      .values(members.map((m) => ({
        id: randomUUID(), card_uid: randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(), w26_key: null, member_id: m.id, status: 'active', bound_at: m.created_at, ended_at: null, version: 1,
      })) as never)
      .execute();
  }
}

/** Head office's roster as the kiosk should hold it (kiosk shape, branch ids mapped), by id. */
export async function hqImage(rig: HqRig, table: RosterTable, ids: { server: string; local: string }): Promise<Map<string, Record<string, unknown>>> {
  const rows = await rig.hq.db.selectFrom(table as 'member').selectAll().execute();
  return new Map(rows.map((r) => {
    const mapped = mapBranchIds(table, toKioskRow(table, r as Record<string, unknown>), ids);
    return [String(mapped.id), mapped];
  }));
}

/** The kiosk's rows of a table, replicated columns only, by id. */
export function kioskImage(k: TempKiosk, table: RosterTable): Map<string, Record<string, unknown>> {
  const cols = (REPLICATED_TABLES[table].columns as readonly string[]).map((c) => `"${c}"`).join(', ');
  const rows = k.ctx.kdb.sqlite.prepare(`SELECT ${cols} FROM "${table}"`).all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r.id), r]));
}

/** Every head-office roster row is on the kiosk, equal column for column (the kiosk may hold more: its demo rows). */
export async function rosterDifferences(rig: HqRig, k: TempKiosk, ids: { server: string; local: string }): Promise<string[]> {
  const out: string[] = [];
  for (const table of ROSTER_TABLES) {
    const local = kioskImage(k, table);
    for (const [id, row] of await hqImage(rig, table, ids)) {
      const mine = local.get(id);
      if (JSON.stringify(mine) !== JSON.stringify(row)) out.push(`${table} ${id}: ${JSON.stringify(mine)} ≠ ${JSON.stringify(row)}`);
    }
  }
  return out;
}
