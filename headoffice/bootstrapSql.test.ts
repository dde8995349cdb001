import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_TABLES, type RosterTable, storedValue } from '../core/sync/bootstrapProtocol';
import { REPLICATED_TABLES } from '../core/sync/replicated';
import { createBranch } from './admin';
import type { HqDatabase } from './db/open';
import { readJsonPage } from './sync/bootstrapSql';
import { toKioskRow } from './sync/kioskRows';
import { BACKENDS } from './testing';

/**
 * The roster pages PostgreSQL builds (sync/bootstrapSql.ts) must be exactly what toKioskRow, the
 * one definition of the kiosk's row shape, makes of the same rows: every column, with a value and
 * without one, instants with microseconds and JSON with spaces and non-ASCII text.
 */
describe.each(BACKENDS)('roster pages built in SQL on $name', (backend) => {
  let hq: HqDatabase;
  let cleanup: () => Promise<void>;
  const ids: Record<RosterTable, string[]> = { branch: [], member: [], membership: [], card_binding: [] };

  beforeAll(async () => {
    ({ hq, cleanup } = await backend.open());
    const branch = await createBranch(hq.db, { code: `S-${randomUUID().slice(0, 6)}`, name: '总部 "测试" 店' });
    ids.branch.push(branch.id);
    const full = { id: randomUUID(), member_no: 'S1', name: '李 "小" 龙\\n', gender: 'female', birthday: '1990-05-01', phone: '13800000001', phone_tail: '0001', home_branch_id: branch.id };
    const bare = { id: randomUUID(), member_no: 'S2', name: '王', gender: 'male', birthday: null, phone: '13800000002', phone_tail: '0002', home_branch_id: branch.id };
    await hq.db
      .insertInto('member')
      .values([
        {
          ...full, photo: 'data:image/jpeg;base64,AAAA', medical_alert: true, fitness_goal: '减脂, 增肌', preferred_courses: JSON.stringify(['瑜伽', { level: 1.5, note: 'a, b: c' }, null]),
          created_at: new Date('1969-12-31T23:59:59.999Z'), updated_at: '2026-10-01 03:04:05.123987+00' /* microseconds: more than a JS Date holds */, erased_at: new Date('2026-11-01T00:00:00Z'), registered_by: 'staff-1', version: 7,
        },
        { ...bare, photo: null, medical_alert: false, fitness_goal: null, created_at: new Date('2026-10-01T00:00:00Z'), updated_at: new Date('2026-10-01T00:00:00.5Z'), erased_at: null, registered_by: null, version: 1 },
      ] as never)
      .execute();
    ids.member.push(full.id, bare.id);
    const ms = [randomUUID(), randomUUID()];
    const at = new Date('2026-10-02T08:00:00.001Z');
    await hq.db
      .insertInto('membership')
      .values([
        { id: ms[0]!, member_id: full.id, plan_name: '年卡', plan_code: 'year', starts_on: '2026-01-01', valid_until: '2026-12-31', status: 'frozen', frozen_from: '2026-03-01', frozen_until: '2026-03-31', created_at: at, updated_at: at, branch_id: branch.id, version: 2 },
        { id: ms[1]!, member_id: bare.id, plan_name: '次卡', plan_code: null, starts_on: '2026-02-01', valid_until: '2026-02-28', status: 'active', frozen_from: null, frozen_until: null, created_at: at, updated_at: at, branch_id: branch.id, version: 1 },
      ] as never)
      .execute();
    ids.membership.push(...ms);
    const cards = [randomUUID(), randomUUID()];
    await hq.db
      .insertInto('card_binding')
      .values([
        { id: cards[0]!, card_uid: 'E0000001', w26_key: '123,45678', member_id: full.id, status: 'lost', bound_at: at, ended_at: new Date('2026-10-03T00:00:00Z'), branch_id: branch.id, version: 3 },
        { id: cards[1]!, card_uid: 'E0000002', w26_key: null, member_id: bare.id, status: 'active', bound_at: at, ended_at: null, branch_id: branch.id, version: 1 },
      ] as never)
      .execute();
    ids.card_binding.push(...cards);
  }, 60_000);
  afterAll(async () => {
    await cleanup?.();
  }, 60_000);

  it.each(ROSTER_TABLES)('%s rows equal toKioskRow of the same rows', async (table) => {
    const columns = REPLICATED_TABLES[table].columns as readonly string[];
    const expected = new Map<string, Record<string, unknown>>();
    for (const row of (await hq.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[]) expected.set(String(row.id), toKioskRow(table, row));
    const page = await readJsonPage(hq.db, table, null, 1000);
    const rows = JSON.parse(page.rowsJson) as unknown[][];
    for (const id of ids[table]) {
      const row = rows.find((r) => r[0] === id);
      expect(row, `${table} ${id} in the page`).toBeDefined();
      const stored = Object.fromEntries(columns.map((c, i) => [c, storedValue(row![i])]));
      expect(stored).toEqual(expected.get(id));
    }
    expect(page.hasMore).toBe(false);
  });

  it('pages by primary key, one row past the page telling there is more', async () => {
    const first = await readJsonPage(hq.db, 'member', null, 1);
    const second = await readJsonPage(hq.db, 'member', first.last, 1);
    const sorted = [...ids.member].sort();
    expect((JSON.parse(first.rowsJson) as unknown[][]).map((r) => r[0])).toEqual([sorted[0]]);
    expect(first).toMatchObject({ last: sorted[0], hasMore: true });
    expect(second).toMatchObject({ last: sorted[1], hasMore: false });
    expect(await readJsonPage(hq.db, 'member', second.last, 1)).toEqual({ rowsJson: '[]', last: sorted[1], hasMore: false });
  });
});
