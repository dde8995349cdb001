import { expect, test } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, expectDecision, featured, memberPanel, openDesk, switchLanguage, tapCard, typedDigits } from './support/desk';
import { snap } from './support/screenshots';

/** Spec 7 — Simplified Chinese by default, English on request, remembered on this PC. */
test.describe('locale switch', () => {
  test('to English and back, persisted across reloads', async ({ page }) => {
    await openDesk(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(banner(page)).toContainText('请刷卡或搜索会员');

    await switchLanguage(page, 'English');
    await expect(banner(page)).toContainText('Tap a card or search for a member');
    await expect(page.getByRole('textbox', { name: 'Search members' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle('Front desk check-in');

    await tapCard(page, DEMO_UNKNOWN_CARD);
    await expectDecision(page, 'grey', 'Unregistered card', `Card ${typedDigits(DEMO_UNKNOWN_CARD)}`);

    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Card number format' })).toBeVisible();
    await expect(banner(page)).toContainText('Tap a card or search for a member');

    await switchLanguage(page, '简体中文');
    await expect(banner(page)).toContainText('请刷卡或搜索会员');
    await page.reload();
    await expect(page.getByRole('combobox', { name: '卡号格式' })).toBeVisible();
    await expect(banner(page)).toContainText('请刷卡或搜索会员');
  });

  test('English desk: a denial with translated reasons and dates, banner and panel', async ({ page }) => {
    const m = featured('notStarted');
    await openDesk(page);
    await switchLanguage(page, 'English');
    await tapCard(page, m.card);
    await expectDecision(page, 'red', 'Entry denied', m.name, 'Not yet started', /valid from (Nov 28, 2026|28 Nov 2026)/);
    await expect(page.getByRole('button', { name: 'Admit anyway', exact: true })).toBeVisible();
    const panel = memberPanel(page);
    await expect(panel).toContainText('Bronze member');
    await expect(panel.getByRole('region', { name: 'Group class check-in' })).toContainText('2 of 2 left');
    await expect(panel.getByRole('region', { name: 'Benefits' })).toContainText('10% off');
    await snap(page, 'en-red-not-started');
  });

  test('English desk: expiry and medical alert reasons', async ({ page }) => {
    await openDesk(page);
    await switchLanguage(page, 'English');
    await tapCard(page, featured('expiring').card);
    await expect(banner(page)).toContainText(/Membership expires in 3 days \((Nov 26, 2026|26 Nov 2026)\)/);
    await snap(page, 'en-yellow-expiring');

    const medical = featured('medical');
    await tapCard(page, medical.card);
    await expect(banner(page)).toContainText(medical.name);
    await expect(banner(page)).toContainText('Medical alert');
    await expect(memberPanel(page).getByRole('note', { name: 'Medical alert' })).toBeVisible();
  });
});
