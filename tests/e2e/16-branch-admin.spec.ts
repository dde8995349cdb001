import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openDesk, switchLanguage } from './support/desk';
import { api, expectNoPageOverflow, managePage, navButton, openManageTab, openScreen, row, shot } from './support/manage';

/**
 * 店务管理 (branch admin): deletion requests decided by the manager, the POS consumption import
 * (all or nothing, dry run first), the audit log and its chain check. The tests build on each
 * other (one server for the run): the audit test looks for the approval and import made before.
 */
const ERASED_NO = 'M000150';
const REJECTED_NO = 'M000151';
// Unique per run, so a re-run against a kept database is not refused as a duplicate receipt.
const RUN = Date.now().toString(36).toUpperCase();

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

async function memberId(page: Page, memberNo: string): Promise<string> {
  const found = await api(page, 'members.search', { query: memberNo });
  const m = found.find((s) => s.memberNo === memberNo);
  if (!m) throw new Error(`demo member ${memberNo} not found`);
  return m.id;
}

/** How many imports the audit log holds (each import writes one row). */
async function importsLogged(page: Page): Promise<number> {
  return (await api(page, 'audit.recent', { action: 'consumption.import', limit: 200 })).length;
}

async function openManage(page: Page): Promise<void> {
  await openDesk(page, 'manager');
  await openScreen(page, '店务管理');
  await expect(managePage(page)).toBeVisible();
}

async function chooseCsv(page: Page, file: ReturnType<typeof csvFile>): Promise<void> {
  await managePage(page).getByLabel('选择 CSV 文件', { exact: true }).setInputFiles(file);
}

test.describe('branch admin', () => {
  test('only roles with audit.read see the 店务管理 tab', async ({ page }) => {
    await openDesk(page, 'reception');
    await expect(navButton(page, '签到台')).toBeVisible();
    await expect(navButton(page, '店务管理')).toHaveCount(0);
    await openDesk(page, 'manager');
    await expect(navButton(page, '店务管理')).toBeVisible();
  });

  test('a deletion request: reception asks, the manager approves, the member is erased', async ({ page }) => {
    await openDesk(page, 'reception');
    const erasedId = await memberId(page, ERASED_NO);
    const rejectedId = await memberId(page, REJECTED_NO);
    await api(page, 'members.requestDeletion', { memberId: erasedId, reason: '会员本人申请注销' });
    await api(page, 'members.requestDeletion', { memberId: rejectedId, reason: '会员电话申请注销' });

    await openManage(page);
    const list = managePage(page).getByRole('table');
    const pending = row(list, ERASED_NO);
    await expect(pending).toContainText('会员本人申请注销');
    await expect(pending).toContainText('王芳');
    // The list masks names: whoever passes the desk must not read them.
    await expect(pending).toContainText('*');

    // Approving needs the member number typed: the red button stays off until then.
    await pending.getByRole('button', { name: '批准删除' }).click();
    const dialog = page.getByRole('dialog', { name: '批准删除会员资料' });
    await expect(dialog).toContainText('此操作无法撤销');
    for (const field of ['姓名', '手机号', '身份证号', '健康备注', '照片', '紧急联系人']) await expect(dialog).toContainText(field);
    await expect(dialog).toContainText('匿名化');
    const confirm = dialog.getByRole('button', { name: '永久删除个人资料' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`请输入会员号 ${ERASED_NO} 以确认`).fill(ERASED_NO);
    await shot(page, 'branch-admin-deletion-confirm');
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`已批准：会员 ${ERASED_NO} 的个人资料已删除`)).toBeVisible();
    await expect(row(list, ERASED_NO)).toHaveCount(0);

    // Rejecting asks for the reason.
    await row(list, REJECTED_NO).getByRole('button', { name: '驳回' }).click();
    const reject = page.getByRole('dialog', { name: '驳回删除申请' });
    await reject.getByRole('button', { name: '确认驳回' }).click();
    await expect(reject).toContainText('请填写驳回原因');
    await reject.getByLabel('驳回原因').fill('会员仍在会籍有效期内，需先办理退费');
    await reject.getByRole('button', { name: '确认驳回' }).click();
    await expect(reject).toBeHidden();
    await expect(row(list, REJECTED_NO)).toHaveCount(0);

    // What the services now hold: the member cannot be found; the page shows the erasure.
    expect(await api(page, 'members.search', { query: ERASED_NO })).toEqual([]);
    const erased = await api(page, 'members.page', { memberId: erasedId });
    expect(erased.profile.erasedAt).not.toBeNull();
    const kept = await api(page, 'members.page', { memberId: rejectedId });
    expect(kept.profile.erasedAt).toBeNull();
  });

  test('POS import: line errors refuse the whole file; a good file imports once', async ({ page }) => {
    await openManage(page);
    await openManageTab(page, '导入消费记录');
    const screen = managePage(page);
    const importsBefore = await importsLogged(page);
    // The expected columns and a sample to copy.
    await expect(screen.getByRole('complementary', { name: '文件格式' })).toContainText('member_no / 会员号');
    const [download] = await Promise.all([page.waitForEvent('download'), screen.getByRole('link', { name: /下载示例文件/ }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('会员号,消费时间,类别,金额,小票号,备注');

    // Over 10 MiB: refused before it is read.
    await chooseCsv(page, { name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x41) });
    await expect(screen.getByRole('alert')).toContainText('文件超过 10 MB');

    const bad = [
      'member_no,occurred_at,category,amount,receipt_no,note',
      `M000001,2026-11-20 14:05,course,12.3.4,${RUN}-BAD-1,`,
      `M009999,2026-11-20 15:00,product,20.00,${RUN}-BAD-2,`,
    ].join('\n');
    await chooseCsv(page, csvFile('pos-bad.csv', bad));
    await expect(screen.getByText('文件有错误，未导入任何记录')).toBeVisible();
    const errors = screen.getByRole('table', { name: '文件错误列表' });
    await expect(row(errors, /^第 2 行/)).toContainText('金额 (amount)');
    await expect(row(errors, /^第 2 行/)).toContainText('金额不正确');
    await expect(row(errors, /^第 3 行/)).toContainText('会员号 (member_no)');
    await expect(row(errors, /^第 3 行/)).toContainText('找不到该会员号');
    await expect(screen.getByRole('button', { name: '导入', exact: true })).toHaveCount(0);
    await shot(page, 'branch-admin-import-errors');
    expect(await importsLogged(page)).toBe(importsBefore);

    // Chinese headers, a quoted amount with a thousands separator.
    const good = [
      '会员号,消费时间,类别,金额,小票号,备注',
      `M000001,2026-11-22 10:00,课程,199.00,${RUN}-OK-1,`,
      `M000002,2026-11-22 11:30,私教,"1,280.50",${RUN}-OK-2,十节私教课`,
    ].join('\r\n');
    await chooseCsv(page, csvFile('pos-good.csv', good));
    await expect(screen.getByText('检查通过：2 条记录，合计 ¥1,479.50')).toBeVisible();
    expect(await importsLogged(page)).toBe(importsBefore);
    await shot(page, 'branch-admin-import-summary');
    await screen.getByRole('button', { name: '导入', exact: true }).click();
    await expect(screen.getByText('导入成功：已导入 2 条消费记录，合计 ¥1,479.50')).toBeVisible();
    expect(await importsLogged(page)).toBe(importsBefore + 1);

    // The same file again: refused whole, with its own message.
    await chooseCsv(page, csvFile('pos-good.csv', good));
    await expect(row(screen.getByRole('table', { name: '文件错误列表' }), '整个文件')).toContainText('这份文件已经导入过，不能重复导入');
    await expect(screen.getByRole('button', { name: '导入', exact: true })).toHaveCount(0);
  });

  test('the audit log shows the approval and the import by the manager; the chain verifies', async ({ page }) => {
    await openManage(page);
    await openManageTab(page, '审计日志');
    const screen = managePage(page);
    const log = screen.getByRole('table', { name: '审计日志' });
    // Newest first: this run's approval and import are the latest of their kind.
    await expect(row(log, '批准删除会员资料').first()).toContainText('张伟');
    await expect(row(log, '导入消费记录').first()).toContainText('张伟');
    await expect(row(log, '导入消费记录').first()).toContainText('rows=2');
    await expect(row(log, '导入消费记录').first()).toContainText('totalFen=¥1,479.50');

    await screen.getByRole('button', { name: '校验审计链' }).click();
    await expect(screen.getByText(/^审计链完整：已校验 \d+ 条记录，未发现改动$/)).toBeVisible();
    await expectNoPageOverflow(page);
    await shot(page, 'branch-admin-audit', 'branch-admin-zh.png');

    // Filter by action.
    // The list is long (every action the services log): typing narrows it.
    await screen.getByRole('combobox', { name: '按操作筛选' }).fill('批准删除');
    await page.getByTitle('批准删除会员资料').click();
    await expect(screen.getByText(/^已显示最近 \d+ 条$/)).toBeVisible();
    // Only the header row is not an approval.
    await expect(log.getByRole('row').filter({ hasNotText: '批准删除会员资料' })).toHaveCount(1);

    // Filter by record: the erased member's id shows only rows about that member.
    await log.getByRole('button', { name: /…/ }).first().click();
    await expect(row(log, '批准删除会员资料')).toHaveCount(1);
    await expect(log.getByRole('row')).toHaveCount(2);

  });

  test('PINs: a trivial PIN is refused; only head office sets a colleague’s', async ({ page }) => {
    await openManage(page);
    await openManageTab(page, '员工 PIN');
    const mine = managePage(page).getByRole('group', { name: '修改我的 PIN' });
    await expect(mine).toContainText('张伟 · 店长');
    // The current PIN first: nobody else standing at an unlocked desk can change it.
    await mine.getByLabel('当前 PIN').fill('000000');
    await mine.getByLabel('新 PIN', { exact: true }).fill('482915');
    await mine.getByLabel('再次输入新 PIN').fill('482915');
    await mine.getByRole('button', { name: '保存 PIN' }).click();
    await expect(mine.getByRole('alert')).toContainText('当前 PIN 不正确');
    await mine.getByLabel('当前 PIN').fill('864213');
    await mine.getByLabel('新 PIN', { exact: true }).fill('123456');
    await mine.getByLabel('再次输入新 PIN').fill('123457');
    await mine.getByRole('button', { name: '保存 PIN' }).click();
    await expect(mine.getByRole('alert')).toContainText('两次输入的 PIN 不一致');
    await mine.getByLabel('当前 PIN').fill('864213');
    await mine.getByLabel('新 PIN', { exact: true }).fill('123456');
    await mine.getByLabel('再次输入新 PIN').fill('123456');
    await mine.getByRole('button', { name: '保存 PIN' }).click();
    await expect(mine.getByRole('alert')).toContainText('PIN 太容易被猜到');
    await expect(managePage(page).getByRole('group', { name: '设置其他员工的 PIN' })).toHaveCount(0);
    await expect(managePage(page)).toContainText('请联系总部为其重设 PIN');

    // Head office sets a colleague's PIN (to the one the demo lists, so other specs are unaffected).
    await openDesk(page, 'headoffice');
    await openScreen(page, '店务管理');
    await openManageTab(page, '员工 PIN');
    const other = managePage(page).getByRole('group', { name: '设置其他员工的 PIN' });
    await other.getByRole('combobox').click();
    await page.getByTitle('刘洋 · 教练').click();
    await other.getByLabel('新 PIN', { exact: true }).fill('753102');
    await other.getByLabel('再次输入新 PIN').fill('753102');
    await other.getByRole('button', { name: '保存 PIN' }).click();
    await expect(page.getByText('已为 刘洋 设置新 PIN，并解除了锁定')).toBeVisible();
    await shot(page, 'branch-admin-pins');
  });

  test('in English', async ({ page }) => {
    await openManage(page);
    await switchLanguage(page, 'English');
    const screen = managePage(page);
    for (const tab of ['Deletion requests', 'Import consumption', 'Audit log', 'Staff PINs']) await expect(screen.getByRole('tab', { name: tab })).toBeVisible();
    await expect(screen.getByRole('columnheader', { name: 'Member no.' })).toBeVisible();
    await openManageTab(page, 'Audit log');
    await expect(row(screen.getByRole('table', { name: 'Audit log' }), 'Consumption imported').first()).toContainText('张伟');
    await openManageTab(page, 'Import consumption');
    await chooseCsvEn(page);
    await expect(row(screen.getByRole('table', { name: 'File errors' }), /^Line 2(?!\d)/)).toContainText('Category is not membership');
    await expectNoPageOverflow(page);
    await shot(page, 'branch-admin-en', 'branch-admin-en.png');
    // The big reception monitor: same screen, larger.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openManageTab(page, 'Audit log');
    await expect(row(screen.getByRole('table', { name: 'Audit log' }), 'Consumption imported').first()).toBeVisible();
    await expectNoPageOverflow(page);
    await shot(page, 'branch-admin-en-1920');
    await switchLanguage(page, '简体中文');
  });
});

async function chooseCsvEn(page: Page): Promise<void> {
  const text = ['member_no,occurred_at,category,amount,receipt_no', `M000003,2026-11-21 09:00,yoga,88,${RUN}-EN-1`, `M000004,2030-01-01 09:00,course,88,${RUN}-EN-1`].join('\n');
  await managePage(page).getByLabel('Choose CSV file', { exact: true }).setInputFiles(csvFile('pos-en.csv', text));
}
