import { expect, test } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, featured, openDesk, recentTaps, tapCard } from './support/desk';

/** Spec 10 — failures are shown in words, and the desk keeps working afterwards. */
test.describe('errors', () => {
  test('the service cannot be reached: the tap fails visibly, the next one works', async ({ page }) => {
    await openDesk(page);
    await page.route('**/api/call', (route) => route.abort('connectionrefused'));
    await tapCard(page, DEMO_UNKNOWN_CARD);
    await expect(banner(page)).toContainText('签到失败');
    await expect(banner(page)).toContainText('无法连接前台服务');
    await expect(page.locator('[data-decision]')).toHaveAttribute('data-decision', 'failed');
    await expect(recentTaps(page).getByRole('listitem').first()).toContainText('失败');

    await page.unroute('**/api/call');
    await page.waitForTimeout(1_700); // past the reader debounce for the same card
    await tapCard(page, DEMO_UNKNOWN_CARD);
    await expect(banner(page)).toContainText('未登记的卡');
  });

  test('the desk information cannot be loaded: an error with a retry', async ({ page }) => {
    let fail = true;
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { method?: string };
      if (fail && body.method === 'desk.info') await route.fulfill({ status: 502, body: 'Bad Gateway' });
      else await route.continue();
    });
    await page.goto('/');
    await expect(page.getByText('无法读取前台信息')).toBeVisible();
    fail = false;
    await page.getByRole('button', { name: '重试' }).click();
    await expect(page.getByText('悦动健身 · 静安寺店')).toBeVisible();
    await expect(page.getByText('无法读取前台信息')).toHaveCount(0);
  });

  test('an override refused because the desk locked meanwhile gets a clear message', async ({ page }) => {
    // The inactivity lock can land between opening the dialog and confirming; the service's
    // NO_STAFF_ON_DUTY answer is played back here; nothing is written.
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { method?: string };
      if (body.method !== 'checkin.override') return route.continue();
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'NO_STAFF_ON_DUTY', message: 'choose the staff member on duty before overriding' } }),
      });
    });
    const m = featured('frozen');
    await openDesk(page, 'manager');
    await tapCard(page, m.card);
    await expect(banner(page)).toContainText('拒绝入场');
    await page.getByRole('button', { name: '准许入场', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '准许入场（人工放行）' });
    await dialog.getByRole('textbox', { name: '放行原因' }).fill('店长电话确认');
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog.getByRole('alert')).toContainText('放行失败');
    await expect(dialog.getByRole('alert')).toContainText('前台未登录或已锁定：请先输入 PIN 登录');
    // Still denied: nothing was admitted.
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(banner(page)).toContainText('拒绝入场');
  });
});
