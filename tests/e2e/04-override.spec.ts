import { expect, test } from '@playwright/test';
import { banner, bannerFrame, expectDecision, featured, memberPanel, openDesk, recentTaps, tapCard } from './support/desk';

/** Spec 4 — staff admit a denied member (准许入场) with a recorded reason. */
test.describe('override a denial', () => {
  test('red (expired) → 准许入场 with a reason → shown as admitted by staff', async ({ page }) => {
    const m = featured('expired');
    await openDesk(page);
    await tapCard(page, m.card);
    await expectDecision(page, 'red', '拒绝入场', m.name, '会籍已过期');

    await page.getByRole('button', { name: '准许入场', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '准许入场（人工放行）' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(m.name);

    // The reason is required, 2–200 characters.
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog).toContainText('请填写放行原因');
    const reason = dialog.getByRole('textbox', { name: '放行原因' });
    await reason.fill('好');
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog).toContainText('原因需为 2–200 个字');

    // Typed by a person (digits included): the card capture gives the keys back to the field.
    await reason.fill('');
    await reason.pressSequentially('已现场续费12个月', { delay: 90 });
    await expect(reason).toHaveValue('已现场续费12个月');

    // Reception holds the desk: the manager approves with their own PIN.
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog).toContainText('请选择批准的店长');
    await dialog.getByRole('combobox', { name: '批准人' }).click();
    await page.getByTitle('张伟 · 店长').click();
    const pin = dialog.getByLabel('批准人 PIN');
    await pin.fill('000000');
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog).toContainText('批准未通过');
    await pin.fill('864213');
    await dialog.getByRole('button', { name: '确认放行' }).click();
    await expect(dialog).toBeHidden();

    await expect(bannerFrame(page)).toHaveAttribute('data-decision', 'overridden');
    await expect(banner(page)).toContainText('已准许入场');
    await expect(banner(page)).toContainText('人工放行：已现场续费12个月');
    // The original reasons stay visible: staff see what they admitted despite.
    await expect(banner(page)).toContainText('会籍已过期');
    await expect(page.getByRole('button', { name: '准许入场', exact: true })).toHaveCount(0);
    await expect(memberPanel(page).getByRole('region', { name: '最近到店' }).getByRole('listitem').first()).toContainText('人工放行');
    await expect(recentTaps(page).getByRole('listitem').first()).toContainText('已准许入场');
  });
});
