import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { FEATURED_MEMBERS } from '../../services/demo/featured';
import { openTempKiosk, tableCounts } from '../../services/testing/tempKiosk';
import { waitFor } from '../../services/sync/testing/syncTestKit';
import { deskSuite } from './headOfficeFixture';

/** Enrollment from the desk and the engine in the app, against the real head office on PGlite. */
const suite = deskSuite({ kickDelayMs: 5, backoff: { baseMs: 20, capMs: 50 } }, { home: { code: 'SH-XJH', name: '徐家汇店' } });

const memberIds = async () => {
  const ids: string[] = [];
  for (const f of FEATURED_MEMBERS.slice(0, 3)) {
    const [m] = await suite.k.api['members.search']({ query: f.memberNo });
    if (m) ids.push(m.id);
  }
  return ids;
};
const hqVisits = async (id: string) => suite.rig.hq.db.selectFrom('visit').select(['id', 'branch_id']).where('id', '=', id).execute();

describe('enrollment from the desk', () => {
  it('enrolls, keeps the credential 0600 beside the database, and pushes a check-in to head office exactly once', async () => {
    expect(await suite.k.api['sync.status']({})).toMatchObject({ enrolled: false, state: 'notEnrolled' });
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    const statuses: string[] = [];
    suite.k.events.on('sync.status', (s) => statuses.push(s.state));
    const st = await suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code: code.toLowerCase(), deviceName: '前台 1' });
    expect(st).toMatchObject({ enrolled: true, state: 'online', branchCode: 'SH-XJH', serverUrl: `${suite.rig.url}/` });
    expect(statSync(`${suite.k.dbPath}.sync.json`).mode & 0o777).toBe(0o600);
    expect(suite.k.sync.running?.started).toBe(true);
    // The local desk branch id differs from head office's: the wire carries head office's.
    expect(suite.k.ctx.desk.branchId).not.toBe(suite.home.id);

    const [memberId] = await memberIds();
    const r = await suite.k.api['checkin.member']({ memberId: memberId! });
    await waitFor(() => suite.k.sync.status().pendingCount === 0 && suite.k.sync.status().lastSuccessAt !== null, 10_000, 'the push');
    const rows = await hqVisits(r.visitId!);
    expect(rows).toEqual([{ id: r.visitId, branch_id: suite.home.id }]);
    await suite.k.api['sync.now']({});
    expect(await hqVisits(r.visitId!)).toHaveLength(1);
    expect(suite.k.sync.status().state).toBe('online');
    expect(statuses).toContain('online');
    // Enrolled once: a second code is refused, not a silent re-enrollment.
    const again = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    await expect(suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code: again.code, deviceName: '前台 1' })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 30_000);

  it('queues check-ins while head office is down and drains them when it is back, with no new write', async () => {
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    await suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 2' });
    await waitFor(() => suite.k.sync.status().lastSuccessAt !== null || suite.k.sync.status().pendingCount === 0, 10_000, 'first push');
    await suite.k.sync.running?.idle();
    await suite.rig.stop();
    const ids = await memberIds();
    const visitIds: string[] = [];
    for (const id of ids.slice(0, 3)) {
      const r = await suite.k.api['checkin.member']({ memberId: id });
      if (r.visitId) visitIds.push(r.visitId);
    }
    expect(visitIds.length).toBeGreaterThan(0);
    await waitFor(() => suite.k.sync.status().state === 'offline' && suite.k.sync.status().nextRetryAt !== null, 10_000, 'offline');
    expect(suite.k.sync.status().pendingCount).toBeGreaterThanOrEqual(visitIds.length);
    expect(suite.k.sync.status().lastError).not.toBeNull();

    await suite.rig.start();
    await waitFor(() => suite.k.sync.status().pendingCount === 0, 15_000, 'the drain');
    expect(suite.k.sync.status().state).toBe('online');
    for (const v of visitIds) expect(await hqVisits(v)).toHaveLength(1);
  }, 40_000);

  it('refuses a wrong or used code clearly and stores nothing', async () => {
    const before = tableCounts(suite.k);
    await expect(suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code: 'ABCD-EFGH-JKMN', deviceName: '前台 3' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'code' }],
    });
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    const other = await openTempKiosk({ signedInAs: 'headoffice', syncDisabled: true });
    try {
      await other.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '另一台' });
    } finally {
      await other.dispose();
    }
    await expect(suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 3' })).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'code' }] });
    await expect(suite.k.api['sync.enroll']({ serverUrl: 'http://127.0.0.1:1', code, deviceName: '前台 3' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'serverUrl' }],
    });
    expect(tableCounts(suite.k)).toEqual(before);
    expect(suite.k.sync.status()).toMatchObject({ enrolled: false, state: 'notEnrolled' });
    expect(() => statSync(`${suite.k.dbPath}.sync.json`)).toThrow();
  }, 30_000);

  it('starts the engine again when an enrolled database is opened', async () => {
    const { code } = await issueEnrollmentCode(suite.rig.hq.db, suite.home.id);
    await suite.k.api['sync.enroll']({ serverUrl: suite.rig.url, code, deviceName: '前台 4' });
    await suite.k.close();
    const { openKiosk } = await import('../../services/kiosk');
    const reopened = await openKiosk({ dbPath: suite.k.dbPath, resourcesDir: join(import.meta.dirname, '../../resources'), clock: suite.k.clock });
    try {
      expect(reopened.sync.running?.started).toBe(true);
      expect(reopened.sync.status()).toMatchObject({ enrolled: true, branchCode: 'SH-XJH' });
    } finally {
      await reopened.close();
    }
    const dir = suite.k.dir;
    suite.k = { ...suite.k, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }, 30_000);
});
