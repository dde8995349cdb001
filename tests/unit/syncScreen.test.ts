import { describe, expect, it } from 'vitest';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { ChangeApplier } from '../../services/sync/changeApplier';
import { PullIssueLog } from '../../services/sync/pullIssues';
import { waitFor } from '../../services/sync/testing/syncTestKit';
import { deskSuite } from './headOfficeFixture';

/** The sync screen's services against the real head office on PGlite: sync now, the issues list, re-enrollment. */
const suite = deskSuite(
  // A long back-off: "sync now" must be what ends the wait, not the timer.
  { kickDelayMs: 5, backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.999 },
  { home: { code: 'SH-JA', name: '静安店' } },
);

const memberId = async (i: number): Promise<string> => {
  const f = FEATURED_MEMBERS[i]!;
  const [m] = await suite.k.api['members.search']({ query: f.memberNo });
  if (!m) throw new Error(`demo member ${f.memberNo} missing`);
  return m.id;
};
const checkIn = async (i: number): Promise<string> => {
  const r = await suite.k.api['checkin.member']({ memberId: await memberId(i) });
  if (!r.visitId) throw new Error('no visit recorded');
  return r.visitId;
};
const hqVisit = async (id: string) => suite.rig.hq.db.selectFrom('visit').select(['id', 'branch_id']).where('id', '=', id).executeTakeFirst();
const outbox = () =>
  suite.k.ctx.kdb.sqlite.prepare('SELECT seq, client_id, mutation_id, status FROM sync_outbox ORDER BY seq').all() as { seq: number; client_id: string; mutation_id: string; status: string }[];

async function enroll(deviceName = '前台 1'): Promise<void> {
  const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
  await suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName });
  await waitFor(() => suite.k.sync.status().pendingCount === 0, 15_000, 'the first push');
  await suite.k.sync.running?.idle();
}

describe('sync now', () => {
  it('cuts a back-off wait short and answers the fresh status', async () => {
    await enroll();
    await suite.rig.stop();
    const visitId = await checkIn(0);
    await waitFor(() => suite.k.sync.status().state === 'offline' && suite.k.sync.status().nextRetryAt !== null, 10_000, 'offline, waiting');
    const waiting = await suite.k.api['sync.status']({});
    expect(waiting).toMatchObject({ state: 'offline', pendingCount: 1 });
    expect(waiting.lastError).toMatch(/network/);

    await suite.rig.start();
    const after = await suite.k.api['sync.now']({});
    expect(after).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, nextRetryAt: null });
    expect(Number.isInteger(after.clockOffsetMs)).toBe(true);
    expect(await hqVisit(visitId)).toEqual({ id: visitId, branch_id: suite.home.id });
  }, 40_000);

  it('on a PC not enrolled answers the status without trying', async () => {
    expect(await suite.k.api['sync.now']({})).toMatchObject({ enrolled: false, state: 'notEnrolled', bootstrap: null });
  });
});

describe('sync issues', () => {
  it('lists what head office refused, newest first, page by page, in the stored words', async () => {
    await enroll();
    // A mutation no head office knows: refused for good (UNKNOWN_MUTATION), never blocking the queue.
    const write = (n: number) => suite.k.ctx.kdb.sqlite.transaction(() => suite.k.ctx.outbox.write('desk.unknownThing', 1, { n }))();
    for (const n of [1, 2, 3]) write(n);
    const visitId = await checkIn(1);
    await suite.k.api['sync.now']({});
    expect(await hqVisit(visitId)).toBeDefined();

    const first = await suite.k.api['sync.issues']({ page: 1, pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.items).toHaveLength(2);
    expect(first.items.map((i) => i.name)).toEqual(['desk.unknownThing', 'desk.unknownThing']);
    expect(first.items[0]!.code).toBe('UNKNOWN_MUTATION');
    expect(first.items[0]!.message).toBeTruthy();
    expect(first.items[0]!.seq).toBeGreaterThan(first.items[1]!.seq);
    const second = await suite.k.api['sync.issues']({ page: 2, pageSize: 2 });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.seq).toBeLessThan(first.items[1]!.seq);
    expect(await suite.k.api['sync.issues']({ page: 3, pageSize: 2 })).toEqual({ total: 3, items: [], pulled: [] });
  }, 40_000);

  it('names a conflict winner by member number and name, and masks numbers in the message', async () => {
    const winnerId = await memberId(2);
    const f = FEATURED_MEMBERS[2]!;
    const db = suite.k.ctx.kdb.sqlite;
    db.transaction(() => suite.k.ctx.outbox.write('card.bind', 1, { memberId: winnerId }))();
    const seq = db.prepare('SELECT max(seq) FROM sync_outbox').pluck().get() as number;
    const result = {
      seq,
      mutationId: 'x',
      status: 'rejected',
      error: { code: 'CONFLICT', message: 'card 3A5F0099 is bound to 13800138000 / 110101199003074518', winner: { memberId: winnerId, phone: '13800138000' } },
    };
    db.prepare("UPDATE sync_outbox SET status = 'rejected', result = ?, last_error = 'CONFLICT: x' WHERE seq = ?").run(JSON.stringify(result), seq);
    const { items } = await suite.k.api['sync.issues']({ page: 1, pageSize: 20 });
    expect(items[0]).toMatchObject({ seq, name: 'card.bind', code: 'CONFLICT', winner: { memberNo: f.memberNo, name: f.name } });
    expect(items[0]!.message).not.toMatch(/13800138000|110101199003074518/);
    expect(JSON.stringify(items)).not.toMatch(/13800138000/);
  });

  it('lists the rows head office sent that this PC could not take as sent, in references and fixed words only', async () => {
    const db = suite.k.ctx.kdb.sqlite;
    const f = FEATURED_MEMBERS[1]!;
    const localId = await memberId(1);
    const local = db.prepare('SELECT * FROM member WHERE id = ?').get(localId) as Record<string, unknown>;
    const log = new PullIssueLog(db, suite.k.clock);
    const applier = new ChangeApplier(db, (i) => log.record(i));
    const ids = { server: suite.k.ctx.desk.branchId, local: suite.k.ctx.desk.branchId };
    const change = (row: Record<string, unknown>, version: number) => ({ scope: 'global', seq: 1, table: 'member', pk: String(row.id), op: 'upsert' as const, row, version });
    // Head office gave this member's number to a member of another desk.
    const winner = { ...local, id: '01a20b8d-0000-7000-8000-000000000001', name: '赵六', phone: '13911112222', phone_tail: '2222' };
    db.transaction(() => applier.apply([change(winner, 1)], ids))();
    // One recorded by an older version of the app, and a yielded branch code.
    db.transaction(() => {
      log.record({ kind: 'rowFailed', change: { scope: 'global', seq: 9, table: 'member', pk: localId, op: 'upsert', version: 3 }, reason: 'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: member.member_no' });
      log.record({ kind: 'branchCodeYielded', branchId: suite.k.ctx.desk.branchId, from: 'SH-JA', to: 'SH-JA~local', winnerId: suite.home.id });
    })();

    const { total, pulled } = await suite.k.api['sync.issues']({ page: 1, pageSize: 20 });
    expect(total).toBe(0);
    expect(pulled.map((p) => [p.kind, p.table, p.reason, p.codes, p.resolved])).toEqual([
      ['branchCodeYielded', 'branch', null, { from: 'SH-JA', to: 'SH-JA~local' }, null],
      ['rowFailed', 'member', 'memberNoTaken', null, null],
      ['memberNoMovedAside', 'member', null, null, false],
    ]);
    expect(pulled[0]!.auditSeq).toBeGreaterThan(pulled[1]!.auditSeq);
    const shown = JSON.stringify(pulled);
    for (const value of [f.memberNo, f.name, String(local.phone), '赵六', '13911112222', localId]) expect(shown).not.toContain(value);

    // Its own number comes down: the issue reads as resolved.
    db.transaction(() => applier.apply([change({ ...local, member_no: 'M0000000001' }, Number(local.version) + 1)], ids))();
    const after = await suite.k.api['sync.issues']({ page: 1, pageSize: 20 });
    expect(after.pulled.find((p) => p.kind === 'memberNoMovedAside')?.resolved).toBe(true);
  });

  it('is for managers and head office only', async () => {
    await suite.k.signInAs('reception');
    await expect(suite.k.api['sync.issues']({ page: 1, pageSize: 20 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await suite.k.signInAs('manager');
    await expect(suite.k.api['sync.issues']({ page: 1, pageSize: 20 })).resolves.toMatchObject({ total: 0, items: [] });
  });
});


describe('re-enrollment', () => {
  it('keeps the records not yet sent and they reach head office under the new device, with later ones after them', async () => {
    await enroll('前台 旧');
    const oldDevice = suite.k.sync.running ? (await suite.rig.hq.db.selectFrom('device').select('id').execute()).map((d) => d.id) : [];
    const sentBefore = await checkIn(0);
    await suite.k.api['sync.now']({});
    expect(await hqVisit(sentBefore)).toBeDefined();
    const historyBefore = outbox().filter((r) => r.status !== 'pending');

    await suite.rig.stop();
    const pending = [await checkIn(1), await checkIn(2)];
    await waitFor(() => suite.k.sync.status().state === 'offline', 10_000, 'offline');
    expect(suite.k.sync.status().pendingCount).toBe(2);

    await suite.rig.start();
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    // Only head office re-enrolls, and not with the code of a plain enrollment call.
    await suite.k.signInAs('manager');
    await expect(suite.k.api['sync.reenroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 新' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await suite.k.signInAs('headoffice');
    await expect(suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 新' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const st = await suite.k.api['sync.reenroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 新' });
    expect(st).toMatchObject({ enrolled: true, branchCode: 'SH-JA' });
    await waitFor(() => suite.k.sync.status().pendingCount === 0, 15_000, 'the carried records');
    for (const v of pending) expect(await hqVisit(v)).toEqual({ id: v, branch_id: suite.home.id });

    const newDevice = (await suite.rig.hq.db.selectFrom('device').select('id').execute()).map((d) => d.id).find((id) => !oldDevice.includes(id));
    expect(newDevice).toBeDefined();
    const clients = await suite.rig.hq.db.selectFrom('sync_client').select(['client_id', 'device_id', 'last_seq']).where('device_id', '=', newDevice!).execute();
    expect(clients).toEqual([{ client_id: newDevice, device_id: newDevice, last_seq: expect.anything() }]);
    const seqs = await suite.rig.hq.db.selectFrom('sync_mutation').select('seq').where('client_id', '=', newDevice!).orderBy('seq').execute();
    expect(seqs.map((s) => Number(s.seq))).toEqual([1, 2]);

    // A write after the re-enrollment follows as seq 3 of the new client.
    const later = await checkIn(3);
    await suite.k.api['sync.now']({});
    expect(await hqVisit(later)).toBeDefined();
    const after = await suite.rig.hq.db.selectFrom('sync_mutation').select('seq').where('client_id', '=', newDevice!).orderBy('seq').execute();
    expect(after.map((s) => Number(s.seq))).toEqual([1, 2, 3]);

    // Nothing was discarded locally: the records sent before are kept, in order, below the new ones.
    const rows = outbox();
    expect(rows.filter((r) => r.status !== 'pending').length).toBe(historyBefore.length + 3);
    expect(rows.filter((r) => r.seq > 0).every((r) => r.client_id === newDevice)).toBe(true);
    expect(historyBefore.every((h) => rows.some((r) => r.mutation_id === h.mutation_id && r.seq <= 0))).toBe(true);
    expect(suite.k.sync.status()).toMatchObject({ state: 'online', pendingCount: 0 });
  }, 60_000);

  it('a refused code leaves the old enrollment working', async () => {
    await enroll();
    await expect(suite.k.api['sync.reenroll']({ serverUrl: suite.rig.url, code: 'ABCD-EFGH-JKMN', deviceName: '前台 新' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'code' }],
    });
    expect(suite.k.sync.running?.started).toBe(true);
    const v = await checkIn(1);
    await suite.k.api['sync.now']({});
    expect(await hqVisit(v)).toBeDefined();
  }, 40_000);

  it('is refused on a PC not enrolled yet', async () => {
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    await expect(suite.k.api['sync.reenroll']({ serverUrl: suite.rig.url, code, deviceName: '前台' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
