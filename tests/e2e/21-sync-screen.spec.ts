import { expect, test, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { openHqDatabase, type HqDatabase } from '../../headoffice/db/open';
import { buildServer } from '../../headoffice/server';
import { appendChangesInTransaction } from '../../headoffice/sync/changeLog';
import { toKioskRow } from '../../headoffice/sync/kioskRows';
import { formatHlc } from '../../core/sync/hlc';
import { openDesk, switchLanguage } from './support/desk';
import { api, managePage, openManageTab, openScreen, row, shot } from './support/manage';

/**
 * 同步 (the sync page): opened from the header chip, the same page in branch admin for head
 * office. The status on a PC not linked yet; the sync issues list (what head office refused, in
 * staff's words, page by page, never a phone or ID number); then head office links the PC to a
 * real head office started here, syncs now, and enrolls it again with a new code.
 */
const DB = process.env.E2E_DB ?? join(tmpdir(), 'kiosk-e2e', 'kiosk.sqlite');
const SERVICE_NOW = Date.parse('2026-11-23T00:30:00Z');
const PHONE = '13800138000';

let hqDir: string;
let hq: HqDatabase;
let app: FastifyInstance;
let hqUrl: string;
let branchId: string;

test.beforeAll(async () => {
  hqDir = mkdtempSync(join(tmpdir(), 'e2e-hq-'));
  hq = await openHqDatabase({ dataDir: hqDir });
  branchId = (await createBranch(hq.db, { code: 'SH-JAS', name: '静安寺店' })).id;
  app = buildServer(hq.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  hqUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await app?.close();
  await hq?.close();
  rmSync(hqDir, { recursive: true, force: true });
});

function syncChip(page: Page): Locator {
  return page.getByTestId('sync-chip');
}
function drawer(page: Page): Locator {
  return page.getByRole('dialog', { name: /^(同步|Sync)$/ });
}
function issues(scope: Locator): Locator {
  return scope.getByRole('region', { name: /^(同步问题|Sync issues)$/ });
}
async function openSyncFromChip(page: Page): Promise<Locator> {
  await syncChip(page).click();
  await expect(drawer(page)).toBeVisible();
  await expect(drawer(page).getByTestId('sync-state')).toBeVisible();
  return drawer(page);
}

/** 重新登记到总部 from the sync page, to this spec's head office. */
async function reenroll(page: Page, scope: Locator, code: string): Promise<void> {
  await scope.getByRole('button', { name: '重新登记到总部' }).click();
  const dialog = page.getByRole('dialog', { name: '重新登记到总部' });
  await dialog.getByLabel('总部地址').fill(hqUrl);
  await dialog.getByLabel('注册码').fill(code);
  await dialog.getByRole('button', { name: '确认重新登记' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
}

/**
 * Records head office refused, as the push client stores them (status, result, last_error),
 * written beside the running desk: what a day of refusals would leave in the outbox.
 */
function seedRejections(clientId: string, winnerId: string): void {
  const db = new Database(DB);
  try {
    // Shaped like the desk's own rows (its client id, a real hash and HLC): when the PC is linked
    // later they go to head office with the rest and come back with head office's own answer.
    const insert = db.prepare(
      "INSERT INTO sync_outbox (client_id, mutation_id, name, version, args, args_hash, hlc, device_time, status, result, last_error) VALUES (?, ?, ?, 1, '{}', ?, ?, ?, 'rejected', ?, ?)",
    );
    const argsHash = createHash('sha256').update('{}').digest('hex');
    const add = (minutesAgo: number, name: string, code: string, message: string, winner?: Record<string, unknown>) => {
      const mutationId = randomUUID();
      const result = { seq: 0, mutationId, status: 'rejected', error: { code, message, ...(winner ? { winner } : {}) } };
      const at = SERVICE_NOW - minutesAgo * 60_000;
      insert.run(clientId, mutationId, name, argsHash, formatHlc({ ms: at, counter: 0 }, clientId), new Date(at).toISOString(), JSON.stringify(result), `${code}: ${message}`);
    };
    for (let i = 0; i < 8; i++) add(300 - i, 'visit.record', 'VALIDATION', 'occurred_at is more than 7 days in the past');
    add(40, 'member.register', 'VALIDATION', `phone ${PHONE} is already registered`);
    add(30, 'member.update', 'FORBIDDEN', 'field home_branch_id may not be changed at a branch');
    add(20, 'membership.renew', 'UNKNOWN_MUTATION', 'unknown mutation membership.renew');
    add(10, 'card.bind', 'CONFLICT', 'card 3A5F00AA is already bound', { memberId: winnerId, phone: PHONE });
  } finally {
    db.close();
  }
}

/**
 * A member head office registered with the number `memberNo` (as an import or another desk
 * would leave it), written with its change in the global log as a handler writes it.
 */
async function hqMemberWithNumber(memberNo: string, homeBranchId: string): Promise<{ id: string; name: string; phone: string }> {
  const now = new Date(SERVICE_NOW);
  const row = {
    id: randomUUID(), member_no: memberNo, name: '总部会员', gender: 'female', birthday: null, phone: '13911112222', phone_tail: '2222', home_branch_id: homeBranchId,
    photo: null, medical_alert: false, fitness_goal: null, preferred_courses: '[]', created_at: now, updated_at: now, erased_at: null, registered_by: null, version: 1,
  };
  await hq.db.transaction().execute(async (trx) => {
    await trx.insertInto('member').values(row as never).execute();
    await appendChangesInTransaction(trx, [{ scope: 'global', table: 'member', pk: row.id, op: 'upsert', row: toKioskRow('member', row), version: 1 }]);
  });
  return row;
}

test.describe.serial('sync page', () => {
  test('from the header chip: where sync stands, in words', async ({ page }) => {
    await openDesk(page, 'manager');
    const status = await api(page, 'sync.status', {});
    await expect(syncChip(page)).toHaveAttribute('data-state', status.state);
    const d = await openSyncFromChip(page);
    if (!status.enrolled) {
      // On its own this spec starts from a new desk: not linked, nothing refused yet.
      await expect(d.getByTestId('sync-state')).toHaveText('未连接总部');
      await expect(d.getByText('本机还没有登记到总部，记录只保存在本机。')).toBeVisible();
      await expect(issues(d).getByText('没有同步问题')).toBeVisible();
      await expect(d.getByRole('button', { name: /立即同步/ })).toHaveCount(0);
    } else {
      // After the head-office spec the desk is linked to that spec's head office, gone since.
      await expect(d.getByTestId('sync-state')).toHaveText(/^(在线|离线|出错)$/);
      await expect(d.getByText(status.serverUrl!)).toBeVisible();
      await expect(d.getByRole('button', { name: /立即同步/ })).toBeEnabled();
    }
    // Enrolling is head office's: a manager sees neither form.
    await expect(d.getByRole('button', { name: '连接总部' })).toHaveCount(0);
    await expect(d.getByRole('button', { name: '重新登记到总部' })).toHaveCount(0);
    await shot(page, 'sync-21-chip-page-zh');
  });

  test('sync issues in words, newest first, a page at a time, with the card conflict winner and no phone number', async ({ page }) => {
    await openDesk(page, 'manager');
    const [winner] = await api(page, 'members.search', { query: 'M000001' });
    if (!winner) throw new Error('demo member M000001 missing');
    const before = (await api(page, 'sync.issues', { page: 1, pageSize: 1 })).total;
    seedRejections((await api(page, 'desk.info', {})).device.id, winner.id);
    const d = await openSyncFromChip(page);
    const list = issues(d);
    await expect(list.getByText(`共 ${before + 12} 条`)).toBeVisible();
    await expect(list.getByText('以下记录被总部拒收，没有计入总部数据；其他记录照常同步，不受影响。')).toBeVisible();
    const first = list.getByRole('row').nth(1);
    await expect(first).toContainText('绑定会员卡');
    await expect(first).toContainText('与总部已有的数据冲突');
    await expect(first).toContainText(`该卡已归会员 ${winner.name}（${winner.memberNo}）`);
    await expect(row(list, '新会员登记')).toContainText('总部认为内容不完整或不正确');
    await expect(row(list, '修改会员资料')).toContainText('本机无权做这项修改');
    await expect(row(list, '续费会籍')).toContainText('总部不认识这种记录');
    await expect(list).not.toContainText(PHONE);
    await expect(list.getByRole('row')).toHaveCount(9); // header + a page of 8
    await shot(page, 'sync-21-issues-zh', 'sync-issues.png');

    // The eight check-ins were refused earlier: four close the first page, four open the second.
    const tooOld = (scope: Locator) => row(scope, 'occurred_at is more than 7 days in the past');
    await expect(tooOld(list)).toHaveCount(4);
    await list.getByRole('listitem', { name: '2' }).click();
    await expect(list.getByRole('listitem', { name: '2' })).toHaveClass(/ant-pagination-item-active/);
    await expect(tooOld(list)).toHaveCount(4);
    await expect(row(list, '绑定会员卡')).toHaveCount(0);
  });

  test('reception sees where sync stands but not the issues', async ({ page }) => {
    await openDesk(page, 'reception');
    const d = await openSyncFromChip(page);
    await expect(d.getByTestId('sync-pending')).toBeVisible();
    await expect(issues(d)).toHaveCount(0);
    await expect(d.getByRole('button', { name: '重新登记到总部' })).toHaveCount(0);
  });

  test('head office links the PC, syncs now, and enrolls it again with pending records kept', async ({ page }) => {
    // Linking pushes every record the earlier specs left and downloads the roster.
    test.setTimeout(120_000);
    await openDesk(page, 'headoffice');
    await openScreen(page, '店务管理');
    await openManageTab(page, '总部同步');
    const m = managePage(page);
    const first = await issueEnrollmentCode(hq.db, branchId);
    if (!(await api(page, 'sync.status', {})).enrolled) {
      const form = m.getByRole('group', { name: '连接总部' });
      await form.getByLabel('总部地址').fill(hqUrl);
      await form.getByLabel('注册码').fill(first.code);
      await form.getByRole('button', { name: '连接总部' }).click();
      await expect(form).toBeHidden();
    } else {
      // Linked by the head-office spec to a head office that is gone: this one takes the desk over.
      await reenroll(page, m, first.code);
    }
    await expect(m.getByTestId('sync-state')).toHaveText('在线', { timeout: 20_000 });
    await expect(m.getByText(hqUrl)).toBeVisible();
    await expect(m.getByText('SH-JAS')).toBeVisible();
    await expect(syncChip(page)).toHaveAttribute('data-state', 'online');
    // The desk's clock is pinned (playwright.config.ts) while this head office keeps real time: a
    // difference over a minute is flagged in words.
    const { clockOffsetMs } = await api(page, 'sync.status', {});
    if (Math.abs(clockOffsetMs) > 60_000) await expect(m.getByTestId('sync-clock')).toContainText(/^.?\s?本机时钟比总部(慢|快) \d+ (天|小时|分钟)/);
    else await expect(m.getByTestId('sync-clock')).toHaveText('与总部一致');

    await expect(async () => expect((await api(page, 'sync.status', {})).pendingCount).toBe(0)).toPass({ timeout: 30_000 });
    const syncNow = m.getByRole('button', { name: /立即同步/ });
    await syncNow.click();
    await expect(page.getByText(/同步完成|这次同步没有成功/)).toBeVisible();
    await expect(syncNow).toBeEnabled();
    await expect(m.getByTestId('sync-last-success')).toContainText(/^刚刚 · 11\/23 \d\d:\d\d$/);
    await shot(page, 'sync-21-linked-zh', 'sync-page.png');

    // Head office goes away and a check-in waits on this PC; head office is back as the new code is confirmed.
    const port = Number(new URL(hqUrl).port);
    await app.close();
    const [member] = await api(page, 'members.search', { query: 'M000020' });
    if (!member) throw new Error('demo member M000020 missing');
    const checkin = await api(page, 'checkin.member', { memberId: member.id });
    await expect(async () => expect((await api(page, 'sync.status', {})).pendingCount).toBeGreaterThan(0)).toPass({ timeout: 15_000 });

    await m.getByRole('button', { name: '重新登记到总部' }).click();
    const dialog = page.getByRole('dialog', { name: '重新登记到总部' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('本机将作为新设备登记到总部。原来的设备登记不再使用，请在总部把它停用。');
    await expect(dialog).toContainText(/尚未上传的 \d+ 条记录不会丢失，会以新设备的身份发送给总部。/);
    const second = await issueEnrollmentCode(hq.db, branchId);
    await dialog.getByLabel('注册码').fill(second.code);
    await shot(page, 'sync-21-reenroll-zh');
    app = buildServer(hq.db);
    await app.listen({ host: '127.0.0.1', port });
    await dialog.getByRole('button', { name: '确认重新登记' }).click();
    await expect(page.getByText('已重新登记到总部').last()).toBeVisible();
    await expect(dialog).toBeHidden();
    const devices = await hq.db.selectFrom('device').select('id').where('branch_id', '=', branchId).execute();
    expect(devices).toHaveLength(2);
    await expect(m.getByTestId('sync-state')).toHaveText('在线', { timeout: 20_000 });
    // The record that waited reached head office, sent as the new device.
    await expect(async () => expect((await api(page, 'sync.status', {})).pendingCount).toBe(0)).toPass({ timeout: 30_000 });
    if (checkin.visitId) expect(await hq.db.selectFrom('visit').select('id').where('id', '=', checkin.visitId).execute()).toHaveLength(1);

    await expect(page.getByText('已重新登记到总部')).toHaveCount(0);
    await switchLanguage(page, 'English');
    const d = await openSyncFromChip(page);
    await expect(d.getByTestId('sync-state')).toHaveText('Online');
    await expect(d.getByRole('button', { name: /Sync now/ })).toBeVisible();
    await shot(page, 'sync-21-drawer-en');
    await d.getByRole('button', { name: 'Close' }).click();
    await expect(d).toBeHidden();
    await switchLanguage(page, '简体中文');
  });

  test('rows head office sent that this PC could not take as sent: in words, beside the refused records, no member data', async ({ page }) => {
    await openDesk(page, 'manager');
    expect((await api(page, 'sync.status', {})).enrolled).toBe(true); // linked by the test before
    // Head office names a branch with the code a demo branch of this PC holds, and gives a demo
    // member's number to a member of its own.
    // M000170: a demo member no other spec uses (it keeps a temporary number from here on).
    const [local] = await api(page, 'members.search', { query: 'M000170' });
    if (!local) throw new Error('demo member M000170 missing');
    const other = await createBranch(hq.db, { code: 'SH-XH-02', name: '总部登记的徐汇滨江店' });
    const theirs = await hqMemberWithNumber(local.memberNo, other.id);
    await api(page, 'sync.now', {});
    await expect(async () => expect((await api(page, 'sync.issues', { page: 1, pageSize: 1 })).pulled.map((p) => p.kind)).toEqual(expect.arrayContaining(['branchCodeYielded', 'memberNoMovedAside']))).toPass({ timeout: 30_000 });

    const d = await openSyncFromChip(page);
    const pulled = issues(d).getByRole('region', { name: '总部发来的记录' });
    await expect(pulled).toContainText('以下是总部发来、本机没能按原样写入的记录；其他记录照常同步，不受影响。');
    await expect(row(pulled, '门店编号调整').first()).toContainText('总部的门店使用了编号 SH-XH-02，本机原用这个编号的门店已改为 SH-XH-02~local，请在门店管理中核对。');
    await expect(row(pulled, '会员号调整').first()).toContainText('总部把本机一位会员的会员号给了另一位会员：本机这位会员暂用临时编号，等待总部发来新的会员号。');
    await expect(row(pulled, '会员号调整').first()).toContainText('等待总部');
    for (const value of [local.name, local.memberNo, theirs.name, theirs.phone, local.id, theirs.id]) await expect(issues(d)).not.toContainText(value);
    await expect(issues(d)).toContainText(/总部发来 \d+ 条/);
    await pulled.scrollIntoViewIfNeeded();
    await shot(page, 'sync-21-pulled-zh');
  });
});
