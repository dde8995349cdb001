import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { type HqDatabase, openHqDatabase } from '../../headoffice/db/open';
import { buildServer } from '../../headoffice/server';
import { registration } from '../../services/members/memberTestKit';
import { MEMBER_NO_PREFIX_SETTING } from '../../services/members/registrationInput';
import { waitFor } from '../../services/sync/testing/syncTestKit';
import { openTempKiosk, type TempKiosk } from '../../services/testing/tempKiosk';

/** Two real desks of two branches numbering new members against one real head office (PGlite). */
let hqDir: string;
let hq: HqDatabase;
let app: FastifyInstance;
let url: string;
const desks: TempKiosk[] = [];
let phoneNo = 0;

beforeAll(async () => {
  hqDir = mkdtempSync(join(tmpdir(), 'hq-member-no-'));
  hq = await openHqDatabase({ dataDir: hqDir });
  app = buildServer(hq.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  for (const k of desks) await k.dispose();
  await app?.close();
  await hq?.close();
  rmSync(hqDir, { recursive: true, force: true });
});

async function openDesk(): Promise<TempKiosk> {
  const k = await openTempKiosk({ signedInAs: 'headoffice', syncEngine: { kickDelayMs: 5, backoff: { baseMs: 20, capMs: 50 } } });
  desks.push(k);
  return k;
}
async function enroll(k: TempKiosk, branchCode: string): Promise<void> {
  const b = await createBranch(hq.db, { code: branchCode, name: branchCode });
  const { code } = await issueEnrollmentCode(hq.db, b.id);
  await k.api['sync.enroll']({ serverUrl: url, code, deviceName: '前台' });
}
/** Registers a member at the desk; answers the number the desk showed. */
async function register(k: TempKiosk): Promise<{ id: string; no: string }> {
  const r = await k.api['members.register'](registration({ profile: { phone: `1668888${String(++phoneNo).padStart(4, '0')}` } }));
  return { id: r.memberId, no: r.memberNo };
}
const prefixOf = (k: TempKiosk) => k.ctx.kdb.sqlite.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(MEMBER_NO_PREFIX_SETTING);
const drained = (k: TempKiosk) => waitFor(() => k.sync.status().pendingCount === 0, 15_000, 'the outbox to drain');
async function hqNumbers(ids: string[]): Promise<Map<string, string>> {
  const rows = await hq.db.selectFrom('member').select(['id', 'member_no']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.member_no]));
}

describe('member numbers across the chain', () => {
  it('two enrolled desks number under their own prefixes: head office keeps every number as each desk showed it', async () => {
    const a = await openDesk();
    const b = await openDesk();
    await enroll(a, 'SH-A');
    await enroll(b, 'SH-B');
    expect([prefixOf(a), prefixOf(b)]).toEqual(['M0001', 'M0002']);

    // Interleaved, as two busy desks would: each counts under its own prefix only.
    const shown: { id: string; no: string }[] = [];
    for (let i = 0; i < 3; i++) shown.push(await register(a), await register(b));
    expect(shown.map((m) => m.no)).toEqual(['M0001000001', 'M0002000001', 'M0001000002', 'M0002000002', 'M0001000003', 'M0002000003']);

    await drained(a);
    await drained(b);
    const atHq = await hqNumbers(shown.map((m) => m.id));
    expect(shown.map((m) => atHq.get(m.id))).toEqual(shown.map((m) => m.no));
    expect(new Set(atHq.values()).size).toBe(shown.length);
  }, 60_000);

  it('numbers a desk made before enrolling may collide: head office renumbers the later one into M0000, the others keep theirs', async () => {
    const a = await openDesk();
    const b = await openDesk();
    // Standalone, both desks count from the same local roster, so they make the same number.
    const early = [await register(a), await register(b)];
    expect(early[0]!.no).toBe(early[1]!.no);
    expect(early[0]!.no).toMatch(/^M[0-9]{6}$/);

    await enroll(a, 'BJ-A');
    await drained(a);
    await enroll(b, 'BJ-B');
    const later = await register(b);
    expect(prefixOf(b)).toMatch(/^M(?!0000)[0-9]{4}$/);
    expect(later.no).toBe(`${prefixOf(b)}000001`);
    await drained(b);

    const atHq = await hqNumbers([early[0]!.id, early[1]!.id, later.id]);
    expect(atHq.get(early[0]!.id)).toBe(early[0]!.no);
    expect(atHq.get(early[1]!.id)).toBe('M0000000001');
    expect(atHq.get(later.id)).toBe(later.no);
    const outbox = b.ctx.kdb.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status != 'applied'").pluck().get();
    expect(outbox).toBe(0);
    // The home desk pulls a's member with the number its own member held: its member is moved
    // aside, then head office's renumbered row gives it the number head office keeps.
    const numberAtB = (id: string) => b.ctx.kdb.sqlite.prepare('SELECT member_no FROM member WHERE id = ?').pluck().get(id);
    await waitFor(() => numberAtB(early[1]!.id) === 'M0000000001', 15_000, 'the home desk to take head office’s number');
    expect(numberAtB(early[0]!.id)).toBe(early[0]!.no);
    expect(numberAtB(later.id)).toBe(later.no);
  }, 60_000);

  it('a re-enrolled desk numbers under its new prefix; a stored prefix head office could not have given is not used', async () => {
    const k = await openDesk();
    await enroll(k, 'GZ-A');
    const old = prefixOf(k) as string;
    const before = await register(k);
    expect(before.no).toBe(`${old}000001`);
    const b = await hq.db.selectFrom('branch').select('id').where('code', '=', 'GZ-A').executeTakeFirstOrThrow();
    const { code } = await issueEnrollmentCode(hq.db, b.id);
    await k.api['sync.reenroll']({ serverUrl: url, code, deviceName: '前台 新' });
    const renewed = prefixOf(k) as string;
    expect(renewed).not.toBe(old);
    const after = await register(k);
    expect(after.no).toBe(`${renewed}000001`);
    await drained(k);
    const atHq = await hqNumbers([before.id, after.id]);
    expect([atHq.get(before.id), atHq.get(after.id)]).toEqual([before.no, after.no]);

    // M0000 is head office's own space: a desk holding it numbers as a standalone desk would,
    // on from its highest local number.
    k.ctx.kdb.sqlite.prepare('UPDATE setting SET value = ? WHERE key = ?').run('M0000', MEMBER_NO_PREFIX_SETTING);
    expect((await register(k)).no).toBe(`${renewed}000002`);
  }, 60_000);
});
