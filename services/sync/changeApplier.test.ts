import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../core/sync/protocol';
import { REPLICATED_TABLES } from '../../core/sync/replicated';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';
import { BootstrapStore } from './bootstrapStore';
import { type ApplyIssue, ChangeApplier, movedAsideMemberNo } from './changeApplier';
import { CursorStore } from './syncState';
import { PullIssueLog } from './pullIssues';

/** Applying change-log rows and swapping a roster in, on a real kiosk database (no network). */
let k: TempKiosk;
const HQ_BRANCH = randomUUID();
let seq = 0;

beforeEach(async () => {
  k = await openTempKiosk({ syncDisabled: true });
});
afterEach(async () => {
  await k.dispose();
});

const sqlite = () => k.ctx.kdb.sqlite;
const ids = () => ({ server: HQ_BRANCH, local: k.ctx.desk.branchId });
const apply = (...changes: Change[]) => sqlite().transaction(() => new ChangeApplier(sqlite()).apply(changes, ids()).counts)();
const applyReporting = (issues: ApplyIssue[], ...changes: Change[]) =>
  sqlite().transaction(() => new ChangeApplier(sqlite(), (i) => issues.push(i)).apply(changes, ids()))();
const row = (table: string, id: string) => sqlite().prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;

function memberRow(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(), member_no: `T${randomUUID().slice(0, 8)}`, name: '李四', gender: 'male', birthday: null, phone: '13800000000', phone_tail: '0000',
    home_branch_id: HQ_BRANCH, photo: null, medical_alert: 0, fitness_goal: null, preferred_courses: '[]', created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z', erased_at: null, registered_by: null, version: 1, ...over,
  };
}
const upsert = (scope: string, table: string, r: Record<string, unknown>): Change => ({ scope, seq: ++seq, table, pk: String(r.id), op: 'upsert', row: r, version: Number(r.version ?? 1) });

describe('change applier', () => {
  it('maps head office’s branch id to the local one, in the branch row and in member rows', () => {
    const m = memberRow();
    const counts = apply(upsert('global', 'branch', { id: HQ_BRANCH, code: 'HQ-CODE', name: '总部命名', time_zone: 'Asia/Shanghai', version: 5 }), upsert('global', 'member', m));
    expect(counts).toEqual({ applied: 2, stale: 0, skipped: 0, failed: 0 });
    expect(row('branch', k.ctx.desk.branchId)).toMatchObject({ code: 'HQ-CODE', name: '总部命名', version: 5 });
    expect(row('branch', HQ_BRANCH)).toBeUndefined();
    expect(row('member', m.id)).toMatchObject({ home_branch_id: k.ctx.desk.branchId });
  });

  it('writes only newer versions: equal and older ones change nothing', () => {
    const m = memberRow({ version: 3, name: '三' });
    apply(upsert('global', 'member', m));
    expect(apply(upsert('global', 'member', { ...m, name: '同版本' }), upsert('global', 'member', { ...m, version: 2, name: '旧' }))).toEqual({ applied: 0, stale: 2, skipped: 0, failed: 0 });
    expect(row('member', m.id)).toMatchObject({ name: '三', version: 3 });
    apply(upsert('global', 'member', { ...m, version: 4, name: '四' }));
    expect(row('member', m.id)).toMatchObject({ name: '四', version: 4 });
  });

  it('skips another branch’s visits and rows whose parent is missing, and keeps going', () => {
    const m = memberRow();
    const visit = (branch: string, memberId: string) => ({
      id: randomUUID(), member_id: memberId, branch_id: branch, device_id: randomUUID(), staff_id: null, source: 'card', card_uid: 'AA', occurred_at: '2026-11-23T01:00:00.000Z',
      admitted: 1, color: 'green', reasons: '[]', tier_code: null, override_staff_id: null, override_reason: null, overridden_at: null,
    });
    const ours = visit(HQ_BRANCH, m.id);
    const counts = apply(upsert('global', 'member', m), upsert('branch', 'visit', visit(randomUUID(), m.id)), upsert('branch', 'visit', visit(HQ_BRANCH, randomUUID())), upsert('branch', 'visit', ours));
    expect(counts).toEqual({ applied: 2, stale: 0, skipped: 2, failed: 0 });
    expect(row('visit', ours.id)).toMatchObject({ branch_id: k.ctx.desk.branchId, version: 1 });
  });

  it('applies deletes, and an active binding ends a local active binding of the same card', () => {
    const m = memberRow();
    const card = { id: randomUUID(), card_uid: 'CARD-1', w26_key: null, member_id: m.id, status: 'active', bound_at: '2026-11-01T00:00:00.000Z', ended_at: null, version: 1 };
    const winner = { ...card, id: randomUUID(), bound_at: '2026-11-02T00:00:00.000Z' };
    apply(upsert('global', 'member', m), upsert('global', 'card_binding', card));
    apply(upsert('global', 'card_binding', winner));
    expect(row('card_binding', card.id)).toMatchObject({ status: 'replaced', ended_at: winner.bound_at });
    expect(row('card_binding', winner.id)).toMatchObject({ status: 'active' });
    apply({ scope: 'global', seq: ++seq, table: 'card_binding', pk: winner.id, op: 'delete', row: null, version: 1 });
    expect(row('card_binding', winner.id)).toBeUndefined();
  });

  it('head office’s branch takes a code a local-only branch holds; that row keeps its id and members under a suffixed code', () => {
    const local = sqlite().prepare("SELECT id, name FROM branch WHERE code = 'SH-XH-02'").get() as { id: string; name: string };
    expect(local.id).not.toBe(k.ctx.desk.branchId);
    const homedThere = () => sqlite().prepare('SELECT count(*) FROM member WHERE home_branch_id = ?').pluck().get(local.id);
    const membersBefore = homedThere();
    const hq = { id: randomUUID(), code: 'SH-XH-02', name: '总部的徐汇滨江店', time_zone: 'Asia/Shanghai', version: 1 };
    const hq2 = { id: randomUUID(), code: 'SH-XH-02~local', name: '代码撞上后缀的店', time_zone: 'Asia/Shanghai', version: 1 };
    const issues: ApplyIssue[] = [];

    const result = applyReporting(issues, upsert('global', 'branch', hq), upsert('global', 'branch', hq2));

    expect(result.counts).toEqual({ applied: 2, stale: 0, skipped: 0, failed: 0 });
    expect([...result.tables]).toEqual(['branch']);
    expect(row('branch', hq.id)).toMatchObject({ code: 'SH-XH-02', name: hq.name });
    expect(row('branch', hq2.id)).toMatchObject({ code: 'SH-XH-02~local' });
    expect(row('branch', local.id)).toMatchObject({ code: 'SH-XH-02~local2', name: local.name });
    expect(homedThere()).toBe(membersBefore);
    expect(issues).toEqual([
      { kind: 'branchCodeYielded', branchId: local.id, from: 'SH-XH-02', to: 'SH-XH-02~local', winnerId: hq.id },
      { kind: 'branchCodeYielded', branchId: local.id, from: 'SH-XH-02~local', to: 'SH-XH-02~local2', winnerId: hq2.id },
    ]);
    // A refetch of the same versions changes nothing and reports nothing.
    expect(applyReporting(issues, upsert('global', 'branch', hq)).counts).toEqual({ applied: 0, stale: 1, skipped: 0, failed: 0 });
    expect(issues).toHaveLength(2);
  });

  it('a row this database refuses is counted, reported and passed; none of its writes stay, and the rest of the page applies', () => {
    const existing = memberRow();
    apply(upsert('global', 'member', existing));
    sqlite().prepare("UPDATE member SET id_card_sealed = 'sealed' WHERE id = ?").run(existing.id);
    // Arrives erased (the erasure runs first) with a gender this database's CHECK refuses.
    const refusedRow = { ...existing, gender: 'other', name: '已注销会员', erased_at: '2026-11-20T00:00:00.000Z', version: 2 };
    const after = memberRow();
    const issues: ApplyIssue[] = [];

    const refused = upsert('global', 'member', refusedRow);
    const result = applyReporting(issues, refused, upsert('global', 'member', after));

    expect(result.counts).toEqual({ applied: 1, stale: 0, skipped: 0, failed: 1 });
    expect(row('member', existing.id)).toMatchObject({ member_no: existing.member_no, name: existing.name, id_card_sealed: 'sealed', erased_at: null, version: 1 });
    expect(row('member', after.id)).toBeDefined();
    expect(issues).toEqual([
      {
        kind: 'rowFailed',
        change: { scope: 'global', seq: refused.seq, table: 'member', pk: existing.id, op: 'upsert', version: 2 },
        reason: expect.stringMatching(/^SQLITE_CONSTRAINT_CHECK: CHECK constraint failed/),
      },
    ]);
  });

  it('a member number a local member holds goes to head office’s member; the local one is moved aside until its own number comes down', () => {
    const local = sqlite().prepare('SELECT id, member_no, version FROM member WHERE erased_at IS NULL LIMIT 1').get() as { id: string; member_no: string; version: number };
    const winner = memberRow({ member_no: local.member_no });
    const issues: ApplyIssue[] = [];

    expect(applyReporting(issues, upsert('global', 'member', winner)).counts).toEqual({ applied: 1, stale: 0, skipped: 0, failed: 0 });
    expect(row('member', winner.id)).toMatchObject({ member_no: local.member_no });
    expect(row('member', local.id)).toMatchObject({ member_no: movedAsideMemberNo(local.id), version: local.version });
    expect(issues).toEqual([{ kind: 'memberNoMovedAside', memberId: local.id, winnerId: winner.id }]);

    // Its renumbered row, even at a version not newer than a local edit's, brings only the number.
    sqlite().prepare("UPDATE member SET name = '本机改名', version = version + 5 WHERE id = ?").run(local.id);
    const renumbered = { ...(row('member', local.id) as Record<string, unknown>), member_no: 'M0000000001', name: '总部旧名', version: local.version + 1 };
    expect(applyReporting(issues, upsert('global', 'member', renumbered)).counts).toEqual({ applied: 1, stale: 0, skipped: 0, failed: 0 });
    expect(row('member', local.id)).toMatchObject({ member_no: 'M0000000001', name: '本机改名', version: local.version + 5 });
    expect(issues).toHaveLength(1);
    // Once it holds a real number, an older version is stale again.
    expect(apply(upsert('global', 'member', { ...renumbered, member_no: 'M0000000002' }))).toEqual({ applied: 0, stale: 1, skipped: 0, failed: 0 });
  });

  it('a roster swap moves aside every local member whose number a staged member of another id carries', () => {
    const [held, free] = sqlite().prepare('SELECT id, member_no FROM member WHERE erased_at IS NULL LIMIT 2').all() as { id: string; member_no: string }[];
    const cols = REPLICATED_TABLES.member.columns as readonly string[];
    const stage = (r: Record<string, unknown>) =>
      sqlite().prepare(`INSERT INTO sync_staging_member (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
    const winner = memberRow({ member_no: held!.member_no });
    stage(winner);
    stage({ ...(row('member', free!.id) as Record<string, unknown>) }); // its own number, same id: stays
    const issues: ApplyIssue[] = [];
    sqlite().transaction(() => new ChangeApplier(sqlite(), (i) => issues.push(i)).moveAsideStagedMemberNumbers())();
    expect(row('member', held!.id)).toMatchObject({ member_no: movedAsideMemberNo(held!.id) });
    expect(row('member', free!.id)).toMatchObject({ member_no: free!.member_no });
    expect(issues).toEqual([{ kind: 'memberNoMovedAside', memberId: held!.id, winnerId: winner.id }]);
  });

  it('an active binding whose member is missing is skipped without ending the local binding of its card', () => {
    const card = sqlite().prepare("SELECT id, card_uid FROM card_binding WHERE status = 'active' LIMIT 1").get() as { id: string; card_uid: string };
    const orphan = { id: randomUUID(), card_uid: card.card_uid, w26_key: null, member_id: randomUUID(), status: 'active', bound_at: '2026-11-02T00:00:00.000Z', ended_at: null, version: 1 };
    expect(apply(upsert('global', 'card_binding', orphan))).toEqual({ applied: 0, stale: 0, skipped: 1, failed: 0 });
    expect(row('card_binding', card.id)).toMatchObject({ status: 'active', ended_at: null });
  });

  it('refuses to run outside a transaction (a page commits with its cursor)', () => {
    expect(() => new ChangeApplier(sqlite()).apply([], ids())).toThrow(/transaction/);
  });
});

describe('roster swap', () => {
  function stage(store: BootstrapStore, members: Record<string, unknown>[]) {
    store.begin({ watermark: { global: 42, [`branch:${HQ_BRANCH}`]: 7 }, tables: [{ table: 'member', rows: members.length }], serverTime: new Date().toISOString() }, new Date());
    // Staging takes rows as head office sends them: values in REPLICATED_TABLES column order.
    const wire = (table: 'branch' | 'member', rows: Record<string, unknown>[]) => rows.map((r) => REPLICATED_TABLES[table].columns.map((c) => r[c] ?? null));
    store.writePage('branch', wire('branch', [{ id: HQ_BRANCH, code: 'HQ-CODE', name: '总部', time_zone: 'Asia/Shanghai', version: 2 }]), HQ_BRANCH, true);
    store.writePage('member', wire('member', members), String(members.at(-1)!.id), true);
  }

  it('swaps staging in with the cursors at the watermark; a row with a pending local edit keeps it', () => {
    const store = new BootstrapStore(k.ctx.kdb);
    const edited = memberRow({ version: 2, name: '本地改过' });
    apply(upsert('global', 'member', edited));
    k.ctx.kdb.sqlite.transaction(() => k.ctx.outbox.write('member.update', 1, { memberId: edited.id, set: { name: '本地改过' }, version: 2 }))();
    const fresh = memberRow();
    const orphan = memberRow({ home_branch_id: randomUUID() });
    stage(store, [{ ...edited, name: '总部旧值', version: 2 }, fresh, orphan]);

    store.swap(ids(), new Date());
    expect(row('member', edited.id)).toMatchObject({ name: '本地改过' });
    expect(row('member', fresh.id)).toMatchObject({ name: fresh.name, home_branch_id: k.ctx.desk.branchId });
    expect(row('member', orphan.id)).toBeUndefined(); // its branch comes later, with it, in the log
    expect(row('branch', k.ctx.desk.branchId)).toMatchObject({ code: 'HQ-CODE', version: 2 });
    const cursors = new CursorStore(k.ctx.kdb);
    expect([cursors.get('global'), cursors.get(`branch:${HQ_BRANCH}`)]).toEqual([42, 7]);
    expect(store.needed()).toBe(false);
  });

  it('a staged branch takes its code from a local-only branch before the swap, as a pulled one does', () => {
    const store = new BootstrapStore(k.ctx.kdb);
    const local = sqlite().prepare("SELECT id FROM branch WHERE code = 'SH-XH-02'").pluck().get() as string;
    const theirs = randomUUID();
    stage(store, [memberRow()]);
    store.writePage('branch', [[theirs, 'SH-XH-02', '总部的徐汇滨江店', 'Asia/Shanghai', 1]], theirs, true);
    store.swap(ids(), new Date());
    expect(row('branch', theirs)).toMatchObject({ code: 'SH-XH-02' });
    expect(row('branch', local)).toMatchObject({ code: 'SH-XH-02~local' });
    const recorded = new PullIssueLog(sqlite(), { now: () => new Date() }).list(10);
    expect(recorded.map((i) => i.action)).toContain('sync.pull.branch_code_yielded');
  });

  it('a staged member whose number a local member holds moves that one aside; the swap goes through', () => {
    const store = new BootstrapStore(k.ctx.kdb);
    const mine = memberRow({ member_no: 'M009001' });
    apply(upsert('global', 'member', mine));
    const theirs = memberRow({ member_no: 'M009001' });
    stage(store, [theirs]);
    store.swap(ids(), new Date());
    expect(row('member', theirs.id)).toMatchObject({ member_no: 'M009001' });
    expect(row('member', mine.id)).toMatchObject({ member_no: movedAsideMemberNo(mine.id) });
  });

  it('erases a member that arrives erased, sealed fields included', () => {
    const store = new BootstrapStore(k.ctx.kdb);
    const m = memberRow();
    apply(upsert('global', 'member', m));
    sqlite().prepare("UPDATE member SET id_card_sealed = 'sealed', health_notes_sealed = 'sealed' WHERE id = ?").run(m.id);
    stage(store, [{ ...m, name: '已注销会员', phone: '', erased_at: '2026-11-20T00:00:00.000Z', version: 2 }]);
    store.swap(ids(), new Date());
    expect(row('member', m.id)).toMatchObject({ name: '已注销会员', id_card_sealed: null, health_notes_sealed: null, erased_at: '2026-11-20T00:00:00.000Z', version: 2 });
  });
});
