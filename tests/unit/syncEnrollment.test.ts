import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { type HqDatabase, openHqDatabase } from '../../headoffice/db/open';
import { buildServer } from '../../headoffice/server';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { openTempKiosk, tableCounts, type TempKiosk } from '../../services/testing/tempKiosk';
import { waitFor } from '../../services/sync/testing/syncTestKit';

/** Enrollment from the desk and the engine in the app, against the real head office on PGlite. */
let hqDir: string;
let hq: HqDatabase;
let app: FastifyInstance | null = null;
let port = 0;
let branch: { id: string; code: string };

async function startHq(): Promise<string> {
  app = buildServer(hq.db);
  await app.listen({ host: '127.0.0.1', port });
  port = (app.server.address() as AddressInfo).port;
  return `http://127.0.0.1:${port}`;
}
async function stopHq(): Promise<void> {
  await app?.close();
  app = null;
}

beforeAll(async () => {
  hqDir = mkdtempSync(join(tmpdir(), 'hq-enroll-'));
  hq = await openHqDatabase({ dataDir: hqDir });
  branch = await createBranch(hq.db, { code: 'SH-XJH', name: '徐家汇店' });
}, 60_000);
afterAll(async () => {
  await stopHq();
  await hq.close();
  rmSync(hqDir, { recursive: true, force: true });
});

let k: TempKiosk;
let url: string;
beforeEach(async () => {
  url = await startHq();
  k = await openTempKiosk({ signedInAs: 'headoffice', syncEngine: { kickDelayMs: 5, backoff: { baseMs: 20, capMs: 50 } } });
});
afterEach(async () => {
  await k.dispose();
  await stopHq();
});

const memberIds = async () => {
  const ids: string[] = [];
  for (const f of FEATURED_MEMBERS.slice(0, 3)) {
    const [m] = await k.api['members.search']({ query: f.memberNo });
    if (m) ids.push(m.id);
  }
  return ids;
};
const hqVisits = async (id: string) => hq.db.selectFrom('visit').select(['id', 'branch_id']).where('id', '=', id).execute();

describe('enrollment from the desk', () => {
  it('enrolls, keeps the credential 0600 beside the database, and pushes a check-in to head office exactly once', async () => {
    expect(await k.api['sync.status']({})).toMatchObject({ enrolled: false, state: 'notEnrolled' });
    const { code } = await issueEnrollmentCode(hq.db, branch.id);
    const statuses: string[] = [];
    k.events.on('sync.status', (s) => statuses.push(s.state));
    const st = await k.api['sync.enroll']({ serverUrl: url, code: code.toLowerCase(), deviceName: '前台 1' });
    expect(st).toMatchObject({ enrolled: true, state: 'online', branchCode: 'SH-XJH', serverUrl: `${url}/` });
    expect(statSync(`${k.dbPath}.sync.json`).mode & 0o777).toBe(0o600);
    expect(k.sync.running?.started).toBe(true);
    // The local desk branch id differs from head office's: the wire carries head office's.
    expect(k.ctx.desk.branchId).not.toBe(branch.id);

    const [memberId] = await memberIds();
    const r = await k.api['checkin.member']({ memberId: memberId! });
    await waitFor(() => k.sync.status().pendingCount === 0 && k.sync.status().lastSuccessAt !== null, 10_000, 'the push');
    const rows = await hqVisits(r.visitId!);
    expect(rows).toEqual([{ id: r.visitId, branch_id: branch.id }]);
    await k.api['sync.now']({});
    expect(await hqVisits(r.visitId!)).toHaveLength(1);
    expect(k.sync.status().state).toBe('online');
    expect(statuses).toContain('online');
    // Enrolled once: a second code is refused, not a silent re-enrollment.
    const again = await issueEnrollmentCode(hq.db, branch.id);
    await expect(k.api['sync.enroll']({ serverUrl: url, code: again.code, deviceName: '前台 1' })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 30_000);

  it('queues check-ins while head office is down and drains them when it is back, with no new write', async () => {
    const { code } = await issueEnrollmentCode(hq.db, branch.id);
    await k.api['sync.enroll']({ serverUrl: url, code, deviceName: '前台 2' });
    await waitFor(() => k.sync.status().lastSuccessAt !== null || k.sync.status().pendingCount === 0, 10_000, 'first push');
    await k.sync.running?.idle();
    await stopHq();
    const ids = await memberIds();
    const visitIds: string[] = [];
    for (const id of ids.slice(0, 3)) {
      const r = await k.api['checkin.member']({ memberId: id });
      if (r.visitId) visitIds.push(r.visitId);
    }
    expect(visitIds.length).toBeGreaterThan(0);
    await waitFor(() => k.sync.status().state === 'offline' && k.sync.status().nextRetryAt !== null, 10_000, 'offline');
    expect(k.sync.status().pendingCount).toBeGreaterThanOrEqual(visitIds.length);
    expect(k.sync.status().lastError).not.toBeNull();

    await startHq();
    await waitFor(() => k.sync.status().pendingCount === 0, 15_000, 'the drain');
    expect(k.sync.status().state).toBe('online');
    for (const v of visitIds) expect(await hqVisits(v)).toHaveLength(1);
  }, 40_000);

  it('refuses a wrong or used code clearly and stores nothing', async () => {
    const before = tableCounts(k);
    await expect(k.api['sync.enroll']({ serverUrl: url, code: 'ABCD-EFGH-JKMN', deviceName: '前台 3' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'code' }],
    });
    const { code } = await issueEnrollmentCode(hq.db, branch.id);
    const other = await openTempKiosk({ signedInAs: 'headoffice', syncDisabled: true });
    try {
      await other.api['sync.enroll']({ serverUrl: url, code, deviceName: '另一台' });
    } finally {
      await other.dispose();
    }
    await expect(k.api['sync.enroll']({ serverUrl: url, code, deviceName: '前台 3' })).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'code' }] });
    await expect(k.api['sync.enroll']({ serverUrl: 'http://127.0.0.1:1', code, deviceName: '前台 3' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'serverUrl' }],
    });
    expect(tableCounts(k)).toEqual(before);
    expect(k.sync.status()).toMatchObject({ enrolled: false, state: 'notEnrolled' });
    expect(() => statSync(`${k.dbPath}.sync.json`)).toThrow();
  }, 30_000);

  it('starts the engine again when an enrolled database is opened', async () => {
    const { code } = await issueEnrollmentCode(hq.db, branch.id);
    await k.api['sync.enroll']({ serverUrl: url, code, deviceName: '前台 4' });
    await k.close();
    const { openKiosk } = await import('../../services/kiosk');
    const reopened = await openKiosk({ dbPath: k.dbPath, resourcesDir: join(import.meta.dirname, '../../resources'), clock: k.clock });
    try {
      expect(reopened.sync.running?.started).toBe(true);
      expect(reopened.sync.status()).toMatchObject({ enrolled: true, branchCode: 'SH-XJH' });
    } finally {
      await reopened.close();
    }
    const dir = k.dir;
    k = { ...k, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }, 30_000);
});
