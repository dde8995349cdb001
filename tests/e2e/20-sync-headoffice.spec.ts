import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { BACKOFF_CAP_MS } from '../../core/sync/backoff';
import { DEMO_BRANCH } from '../../services/demo/demoData';
import { DEFAULT_PULL_INTERVAL_MS } from '../../services/sync/engineTimers';
import { banner, bannerFrame, expectDecision, memberPanel, openDesk, signInAs, tapCard } from './support/desk';
import { HeadOffice } from './support/headOffice';
import { api, managePage, openManageTab, openScreen, shot } from './support/manage';

/**
 * Head-office sync end to end, with a real head office (headoffice/cli.ts serve on PGlite, a
 * child process) and the desk in the browser: head office's staff enrolls the desk with a
 * one-time code; the network goes away (the server is stopped) while members check in; it
 * comes back (the server restarts on the same port and data) and the desk's retry timer drains
 * the queue by itself; head office then holds each visit exactly once (`inspect --json`). Last,
 * a member registered at another branch's desk (a second kiosk in a child process) comes down
 * with the desk's own idle pull and is admitted here, the member panel naming their home branch.
 */
const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const OTHER_BRANCH = { code: 'SH-PD-03', name: '悦动健身 · 浦东世纪公园店' };
/** Demo members no other spec taps (a tap within the policy's 20 minutes would be a duplicate scan). */
const CANDIDATE_NOS = Array.from({ length: 20 }, (_, i) => `M000${180 + i}`);

let hq: HeadOffice;
test.beforeAll(async () => {
  hq = await HeadOffice.create();
});
test.afterAll(async () => {
  await hq?.dispose();
});

/** The header's sync chip ("在线 · 待同步 N" / "离线 · 待同步 N"), a button that opens the sync page. */
function syncChip(page: Page): Locator {
  return page.getByRole('button', { name: /^(在线|离线) · 待同步 \d+$|^同步出错$|^未连接总部$/ });
}

/** The sync page's status part (连接, 上次成功, 待上传记录, 立即同步). */
function syncStatus(scope: Page | Locator): Locator {
  return scope.getByRole('region', { name: '同步', exact: true });
}

/** Opens the sync page over the current screen from the header chip. */
async function openSyncDrawer(page: Page): Promise<Locator> {
  await syncChip(page).click();
  const drawer = page.getByRole('dialog', { name: '同步' });
  await expect(drawer).toBeVisible();
  return drawer;
}

async function closeSyncDrawer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: '同步' })).toBeHidden();
}

async function pendingShown(page: Page): Promise<number> {
  const text = (await syncChip(page).textContent()) ?? '';
  const n = /待同步 (\d+)/.exec(text)?.[1];
  if (n === undefined) throw new Error(`no pending count in the sync chip: "${text}"`);
  return Number(n);
}

interface DeskMember {
  id: string;
  memberNo: string;
  name: string;
  card: string;
}

/** Demo members of this desk with a running membership and an active card, found through the contract. */
async function membersToCheckIn(page: Page, count: number): Promise<DeskMember[]> {
  const picked: DeskMember[] = [];
  for (const no of CANDIDATE_NOS) {
    const summary = (await api(page, 'members.search', { query: no })).find((m) => m.memberNo === no);
    if (summary?.membershipStatus !== 'active') continue;
    const memberPage = await api(page, 'members.page', { memberId: summary.id });
    const card = memberPage.cards.find((c) => c.status === 'active');
    if (!card) continue;
    picked.push({ id: summary.id, memberNo: no, name: summary.name, card: card.cardUid });
    if (picked.length === count) return picked;
  }
  throw new Error(`fewer than ${count} demo members with an active membership and card among ${CANDIDATE_NOS.join(', ')}`);
}

/**
 * Waits for `done` while the desk syncs by itself: an idle, online desk pulls head office's log
 * every DEFAULT_PULL_INTERVAL_MS, so another branch's rows come down without anyone pressing a
 * button. Two intervals and a margin cover a poll that started just before the rows were
 * written. Only when the engine is in a back-off (the server was restarted just before, and a
 * poll met it down) can the next round be up to the back-off cap away; then staff would press
 * 立即同步 on the sync page, and so does this, so the test stays under its timeout.
 */
async function syncUntil(page: Page, done: () => Promise<boolean>, what: string): Promise<void> {
  for (const until = Date.now() + 2 * DEFAULT_PULL_INTERVAL_MS + 15_000; Date.now() < until; ) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  test.info().annotations.push({ type: 'sync', description: `${what}: not pulled by the desk's own poll; 立即同步 pressed` });
  const drawer = await openSyncDrawer(page);
  await expect
    .poll(
      async () => {
        await syncStatus(drawer).getByRole('button', { name: '立即同步' }).click();
        await expect(page.getByText('同步完成').last()).toBeVisible({ timeout: 30_000 });
        return done();
      },
      { message: what, timeout: 120_000, intervals: [1000, 2000, 3000] },
    )
    .toBe(true);
  await shot(page, 'sync-hq-sync-now');
  await closeSyncDrawer(page);
}

test('enroll, check in offline, drain on reconnect; a member from another branch is admitted here', async ({ page }) => {
  // The retry timer may wait up to the back-off cap after the outage; the rest takes a minute or two.
  test.setTimeout(BACKOFF_CAP_MS + 5 * 60_000);
  let codeA = '';
  let codeB = '';

  await test.step('head office: two branches and an enrollment code for each', async () => {
    await hq.createBranch(DEMO_BRANCH.code, DEMO_BRANCH.name);
    await hq.createBranch(OTHER_BRANCH.code, OTHER_BRANCH.name);
    codeA = await hq.issueCode(DEMO_BRANCH.code);
    codeB = await hq.issueCode(OTHER_BRANCH.code);
    await hq.start();
  });

  await test.step('head office staff enrolls the desk: the chip goes online', async () => {
    await openDesk(page, 'headoffice');
    await openScreen(page, '店务管理');
    await openManageTab(page, '总部同步');
    const form = managePage(page).getByRole('group', { name: '连接总部' });
    await form.getByLabel('总部地址').fill(hq.url);
    await form.getByLabel('注册码').fill(codeA);
    await form.getByRole('button', { name: '连接总部' }).click();
    const status = syncStatus(managePage(page));
    await expect(form).toBeHidden();
    await expect(status).toContainText(`${hq.url}/`);
    await expect(status).toContainText(DEMO_BRANCH.code);
    // Whatever this desk wrote before enrolling goes up first.
    await expect(syncChip(page)).toHaveText('在线 · 待同步 0', { timeout: 60_000 });
    await shot(page, 'sync-hq-enrolled');
  });

  await signInAs(page, 'reception');
  const members = await membersToCheckIn(page, 3);
  let visitsBefore = 0;

  await test.step('the network goes away: three check-ins queue up, the chip says offline', async () => {
    await hq.stop();
    visitsBefore = (await hq.inspect(DEMO_BRANCH.code)).branches[0]!.visits;
    for (const m of members) {
      await tapCard(page, m.card);
      await expect(banner(page)).toContainText(m.name);
      await expect(bannerFrame(page)).toHaveAttribute('data-decision', /green|yellow/);
    }
    await expect(syncChip(page)).toHaveText(/^离线 · 待同步 \d+$/, { timeout: 30_000 });
    // The chip's count follows the engine's attempts: it reaches 3 at the next retry at the latest.
    await expect.poll(() => pendingShown(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(members.length);
    await shot(page, 'sync-hq-offline');
    // The sync page says the same in words, with the automatic retry to come.
    const drawer = await openSyncDrawer(page);
    await expect(syncStatus(drawer)).toContainText('离线');
    await expect(syncStatus(drawer)).toContainText('暂时连不上总部');
    await shot(page, 'sync-hq-offline-page');
    await closeSyncDrawer(page);
  });

  await test.step('the network comes back: the retry timer drains the queue by itself', async () => {
    await hq.start();
    // No click, no new write: the engine's own back-off timer must retry (at most the cap away).
    await expect(syncChip(page)).toHaveText('在线 · 待同步 0', { timeout: BACKOFF_CAP_MS + 30_000 });
    await shot(page, 'sync-hq-drained');
    const drawer = await openSyncDrawer(page);
    await expect(syncStatus(drawer)).toContainText('在线');
    await expect(syncStatus(drawer)).toContainText('0 条');
    await closeSyncDrawer(page);
  });

  await test.step('head office holds each visit exactly once', async () => {
    await hq.stop();
    const report = await hq.inspect(DEMO_BRANCH.code);
    await hq.start();
    const branch = report.branches[0]!;
    expect(branch.code).toBe(DEMO_BRANCH.code);
    expect(branch.visits).toBe(visitsBefore + members.length);
    // The newest visits are the three check-ins, one each, under the desk's member ids.
    const newest = report.recentVisits.slice(0, members.length);
    expect(newest.map((v) => v.memberId).sort()).toEqual(members.map((m) => m.id).sort());
    expect(newest.map((v) => v.cardUid).sort()).toEqual(members.map((m) => m.card.toUpperCase()).sort());
    expect(new Set(report.recentVisits.map((v) => v.id)).size).toBe(report.recentVisits.length);
    // The desk is the branch's one device, heard from, its client pushed to the end.
    expect(report.devices).toHaveLength(1);
    expect(report.devices[0]!.lastSeenAt).not.toBeNull();
    expect(report.clients.length).toBeGreaterThanOrEqual(1);
    expect(report.clients.every((c) => c.lastSeq > 0)).toBe(true);
  });

  await test.step('a member registered at another branch checks in here after a sync', async () => {
    const card = `E2B0${Math.floor(Math.random() * 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
    const phone = `199${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const { stdout } = await run('npx', ['tsx', 'tests/e2e/support/otherBranchDesk.ts', '--server', hq.url, '--code', codeB, '--branch-code', OTHER_BRANCH.code, '--branch-name', OTHER_BRANCH.name, '--card', card, '--phone', phone], { cwd: root, timeout: 180_000 });
    const other = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { memberId: string; memberNo: string; name: string; cardUid: string; rejected: unknown[] };
    expect(other.rejected).toEqual([]);
    expect(other.cardUid).toBe(card);

    await syncUntil(
      page,
      // Found as staff would look them up (by phone tail): the member number is head office's to settle.
      async () => (await api(page, 'members.search', { query: phone.slice(-4) })).some((m) => m.id === other.memberId),
      `${other.name} (${other.memberNo}) registered at ${OTHER_BRANCH.code} reaches this desk`,
    );
    await tapCard(page, card);
    await expect(banner(page)).toContainText(other.name);
    await expectDecision(page, 'green', '欢迎光临');
    // The member panel names the member's home branch: the other branch, as head office named it.
    await expect(memberPanel(page)).toContainText(OTHER_BRANCH.name);
    await shot(page, 'sync-hq-other-branch-member');
  });
});
