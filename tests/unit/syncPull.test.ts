import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mutation, visitArgs } from '../../headoffice/testing';
import { ERASED_NAME } from '../../services/members/erasure';
import { enrolledKioskSuite, type HqBranch } from './headOfficeFixture';
import { hqMemberRow, hqWrite, rosterDifferences } from './syncPullTestKit';
import { PullClient } from '../../services/sync/pullClient';
import { NONCE_HEADER } from '../../core/sync/protocol';
import { staticSecret } from '../../services/sync/signer';
import { ClockOffset, CursorStore, SyncStateStore } from '../../services/sync/syncState';

/** The pull side against the real head office (PGlite): scopes, version check, branch mapping, erasure. */
let elsewhere: HqBranch;
const suite = enrolledKioskSuite({
  seed: async (rig) => {
    elsewhere = await rig.branch();
  },
});

const sqlite = () => suite.kiosk.k.ctx.kdb.sqlite;
const localBranch = () => suite.kiosk.k.ctx.desk.branchId;
const ids = () => ({ server: suite.home.id, local: localBranch() });
const member = (id: string) => sqlite().prepare('SELECT * FROM member WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const visit = (id: string) => sqlite().prepare('SELECT id, branch_id, member_id, version FROM visit WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const pullClient = () =>
  new PullClient({
    kdb: suite.kiosk.k.ctx.kdb, clock: { now: () => new Date() }, secret: staticSecret(suite.kiosk.secret), state: new SyncStateStore(suite.kiosk.k.ctx.kdb), offset: new ClockOffset(), localBranchId: localBranch(),
  });

async function syncOnce() {
  const engine = suite.kiosk.engine();
  engine.start();
  try {
    const outcome = await engine.syncNow();
    expect(outcome).toMatchObject({ kind: 'drained' });
  } finally {
    await engine.stop();
  }
}

describe('pull', () => {
  it('applies the visits of another PC of the same branch, mapped to the local branch, and none of another branch', async () => {
    const m = hqMemberRow(suite.home.id);
    await hqWrite(suite.rig.hq, 'member', [m]);
    const sameBranchPc = await suite.rig.device(suite.home.id);
    const otherBranchPc = await suite.rig.device(elsewhere.id);
    const ours = visitArgs(suite.home.id, { member_id: m.id });
    const theirs = visitArgs(elsewhere.id, { member_id: m.id });
    expect((await sameBranchPc.push(randomUUID(), [mutation(1, 'visit.record', ours)])).status).toBe(200);
    expect((await otherBranchPc.push(randomUUID(), [mutation(1, 'visit.record', theirs)])).status).toBe(200);

    await syncOnce();

    expect(member(m.id)).toMatchObject({ member_no: m.member_no, home_branch_id: localBranch(), version: 1 });
    expect(visit(String(ours.id))).toMatchObject({ branch_id: localBranch(), member_id: m.id });
    expect(visit(String(theirs.id))).toBeUndefined();
    const cursors = new CursorStore(suite.kiosk.k.ctx.kdb);
    const heads = await suite.rig.hq.db.selectFrom('sync_scope').select(['scope', 'last_seq']).where('scope', 'in', ['global', `branch:${suite.home.id}`]).execute();
    for (const h of heads) expect(cursors.get(h.scope)).toBe(Number(h.last_seq));
    // The other branch's row is kept as it is: a member's home branch may be any branch.
    expect(sqlite().prepare('SELECT code FROM branch WHERE id = ?').pluck().get(elsewhere.id)).toBe(elsewhere.code);
    expect(sqlite().prepare('SELECT code FROM branch WHERE id = ?').pluck().get(localBranch())).toBe(suite.home.code);
  }, 30_000);

  it('a refetched page changes nothing, and an older version never overwrites a newer one', async () => {
    const m = hqMemberRow(suite.home.id, { version: 3, name: '三号版本' });
    await hqWrite(suite.rig.hq, 'member', [m]);
    await syncOnce();
    expect(member(m.id)).toMatchObject({ name: '三号版本', version: 3 });
    const before = JSON.stringify(sqlite().prepare('SELECT * FROM member ORDER BY id').all());

    // Rewind the cursors: every page comes again.
    sqlite().prepare('UPDATE sync_cursor SET cursor = 0').run();
    const again = await pullClient().pullAll();
    expect(again).toMatchObject({ kind: 'pulled', counts: { applied: 0 } });
    expect(JSON.stringify(sqlite().prepare('SELECT * FROM member ORDER BY id').all())).toBe(before);

    // An older version logged later (a late writer) loses; a newer one wins.
    await hqWrite(suite.rig.hq, 'member', [{ ...m, version: 2, name: '二号版本' }]);
    await syncOnce();
    expect(member(m.id)).toMatchObject({ name: '三号版本', version: 3 });
    await hqWrite(suite.rig.hq, 'member', [{ ...m, version: 4, name: '四号版本' }]);
    await syncOnce();
    expect(member(m.id)).toMatchObject({ name: '四号版本', version: 4 });
    expect(await rosterDifferences(suite.rig, suite.kiosk.k, ids())).toEqual([]);
  }, 30_000);

  it('applies deletes, and keeps the sealed columns a member row never carries', async () => {
    const m = hqMemberRow(suite.home.id);
    const card = { id: randomUUID(), card_uid: 'C0FFEE01', w26_key: null, member_id: m.id, status: 'active', bound_at: new Date(), ended_at: null, version: 1 };
    await hqWrite(suite.rig.hq, 'member', [m]);
    await hqWrite(suite.rig.hq, 'card_binding', [card]);
    await syncOnce();
    expect(sqlite().prepare('SELECT status FROM card_binding WHERE id = ?').pluck().get(card.id)).toBe('active');
    sqlite().prepare("UPDATE member SET id_card_sealed = 'sealed-locally' WHERE id = ?").run(m.id);

    await hqWrite(suite.rig.hq, 'card_binding', [{ ...card, version: 2 }], 'delete');
    await hqWrite(suite.rig.hq, 'member', [{ ...m, version: 2, phone: '13900000000' }]);
    await syncOnce();
    expect(sqlite().prepare('SELECT count(*) FROM card_binding WHERE id = ?').pluck().get(card.id)).toBe(0);
    expect(member(m.id)).toMatchObject({ phone: '13900000000', id_card_sealed: 'sealed-locally', version: 2 });
  }, 30_000);

  it('a member arriving erased is wiped here as the deletion workflow does', async () => {
    const m = hqMemberRow(suite.home.id, { name: '王小明' });
    await hqWrite(suite.rig.hq, 'member', [m]);
    await syncOnce();
    const now = new Date().toISOString();
    sqlite().prepare("UPDATE member SET id_card_sealed = 'sealed', health_notes_sealed = 'sealed', emergency_contact_sealed = 'sealed', id_card_index = 'idx' WHERE id = ?").run(m.id);
    sqlite()
      .prepare("INSERT INTO consumption (id, member_id, branch_id, occurred_at, category, amount_fen, note, source, created_at) VALUES (?, ?, ?, ?, 'product', 1000, '王小明 的备注', 'desk', ?)")
      .run(randomUUID(), m.id, localBranch(), now, now);

    const erasedAt = new Date('2026-11-20T03:00:00Z');
    await hqWrite(suite.rig.hq, 'member', [{ ...m, name: ERASED_NAME, phone: '', phone_tail: '', birthday: null, medical_alert: false, erased_at: erasedAt, updated_at: erasedAt, version: 2 }]);
    await syncOnce();

    expect(member(m.id)).toMatchObject({
      name: ERASED_NAME, phone: '', birthday: null, id_card_sealed: null, id_card_index: null, health_notes_sealed: null, emergency_contact_sealed: null,
      erased_at: erasedAt.toISOString(), version: 2,
    });
    expect(sqlite().prepare('SELECT note FROM consumption WHERE member_id = ?').pluck().all(m.id)).toEqual([null]);
  }, 30_000);
});

describe('a GET head office answers 401', () => {
  /** Head office behind a fault: the first `n` GETs are answered `answer` (401) instead of reaching it. */
  function faulty(n: number, answer: () => Response) {
    const nonces: string[] = [];
    let left = n;
    const f: typeof fetch = async (input, init) => {
      nonces.push(new Headers(init?.headers).get(NONCE_HEADER) ?? '');
      if (left-- > 0) return answer();
      return fetch(input, init);
    };
    return { f, nonces };
  }
  const unauthorized = (code: string, date?: Date) =>
    new Response(JSON.stringify({ code, message: 'refused' }), { status: 401, headers: { 'content-type': 'application/json', ...(date ? { date: date.toUTCString() } : {}) } });
  const client = (f: typeof fetch, clock = { now: () => new Date() }, offset = new ClockOffset()) =>
    new PullClient({ kdb: suite.kiosk.k.ctx.kdb, clock, secret: staticSecret(suite.kiosk.secret), state: new SyncStateStore(suite.kiosk.k.ctx.kdb), offset, localBranchId: localBranch(), fetch: f });

  it('REPLAYED (a copy got there first): asks again with a fresh nonce, a few times, then leaves it to the back-off', async () => {
    const few = faulty(3, () => unauthorized('REPLAYED'));
    expect(await client(few.f).pullAll()).toMatchObject({ kind: 'pulled' });
    expect(new Set(few.nonces).size).toBe(few.nonces.length);

    const endless = faulty(Number.POSITIVE_INFINITY, () => unauthorized('REPLAYED'));
    expect(await client(endless.f).pullAll()).toMatchObject({ kind: 'retry', error: expect.stringContaining('replay') });
    expect(endless.nonces).toHaveLength(4);
  }, 30_000);

  it('a PC clock an hour ahead: the offset is taken from the HTTP Date and the GET retried once; a second refusal stops', async () => {
    const offset = new ClockOffset();
    const ahead = { now: () => new Date(Date.now() + 60 * 60_000) };
    expect(await client(faulty(0, () => unauthorized('UNAUTHENTICATED')).f, ahead, offset).pullAll()).toMatchObject({ kind: 'pulled' });
    expect(offset.get()).toBeLessThan(-50 * 60_000);

    // Head office still refuses after the correction: a real refusal, not skew. Not retried again.
    const refusing = faulty(Number.POSITIVE_INFINITY, () => unauthorized('UNAUTHENTICATED', new Date(Date.now() - 2 * 60 * 60_000)));
    expect(await client(refusing.f).pullAll()).toMatchObject({ kind: 'halted', code: 'UNAUTHENTICATED' });
    expect(refusing.nonces).toHaveLength(2);
  }, 30_000);
});
