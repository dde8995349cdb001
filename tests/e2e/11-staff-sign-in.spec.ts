import { expect, test } from '@playwright/test';
import { snap } from './support/screenshots';
import { featured, installKeyLog, openDesk, signInScreen, staffChip, tapCard } from './support/desk';

/** Staff sign in with a PIN; the desk locks, and a locked desk still admits the queue. */
test.describe('staff sign-in and the desk lock', () => {
  test('a wrong PIN is refused with the attempts left; the right one opens the desk', async ({ page }) => {
    await openDesk(page);
    await page.getByRole('button', { name: '退出登录' }).click();
    const screen = signInScreen(page);
    await expect(screen).toBeVisible();
    await expect(page.getByRole('navigation', { name: '功能' })).toHaveCount(0);
    await screen.getByText('李娜 · 前台').click();
    await screen.getByLabel('PIN', { exact: true }).fill('111112');
    await expect(screen.getByRole('alert')).toContainText('PIN 不正确');
    await expect(screen.getByRole('alert')).toContainText('再输错');
    await snap(page, 'sign-in-wrong-pin', 'sign-in-zh.png');
    // The on-screen keypad, as on a touch screen.
    for (const d of '246813') await screen.getByRole('group', { name: '数字键盘' }).getByRole('button', { name: d, exact: true }).click();
    await expect(staffChip(page)).toContainText('李娜 · 前台');
    // Reception sees no branch-admin screen: overrides, reveals and approvals are the manager's.
    await expect(page.getByRole('navigation', { name: '功能' }).getByRole('button', { name: '新会员登记' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '功能' }).getByRole('button', { name: '店务管理' })).toHaveCount(0);
  });

  test('locked: card taps still check in and show only the decision; the PIN unlocks', async ({ page }) => {
    await openDesk(page);
    await page.getByRole('button', { name: '锁定' }).click();
    const screen = signInScreen(page);
    await expect(screen).toContainText('前台已锁定');
    await expect(screen).toContainText('王芳，请输入 PIN 继续');
    const m = featured('green');
    await tapCard(page, m.card);
    const strip = page.getByRole('status', { name: '最近刷卡' });
    // Green, or yellow if an earlier spec already checked this member in (duplicate scan).
    await expect(strip).toContainText(/欢迎光临|请注意/);
    await expect(strip).toContainText(m.name);
    // Nothing else of the member is shown behind the lock.
    await expect(page.getByRole('region', { name: '会员信息' })).toHaveCount(0);
    await screen.getByLabel('PIN', { exact: true }).fill('135790');
    await expect(staffChip(page)).toContainText('王芳 · 前台');
    await expect(page.getByRole('status', { name: '签到结果' })).toContainText(m.name);
  });

  test('a reload keeps the session (it lives in the services, not the page)', async ({ page }) => {
    await openDesk(page, 'manager');
    await installKeyLog(page);
    await page.reload();
    await expect(staffChip(page)).toContainText('张伟 · 店长');
    await expect(page.getByRole('navigation', { name: '功能' }).getByRole('button', { name: '店务管理' })).toBeVisible();
  });
});
