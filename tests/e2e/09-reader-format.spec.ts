import { expect, test, type Page } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, expectDecision, featured, openDesk, tapCard, typedDigits } from './support/desk';

/**
 * Spec 9 — the keyboard reader's card-number format (a per-reader setting, stored by the
 * services): a Wiegand-26 reader prints 8 digits; a reader set up wrongly gets a clear error.
 * The setting is put back to dec10 afterwards so the other specs see the default.
 */
async function chooseFormat(page: Page, label: string): Promise<void> {
  const select = page.getByRole('combobox', { name: '卡号格式' });
  await select.click();
  await page.getByRole('option', { name: label, exact: true }).click();
  await expect(page.getByRole('list', { name: '读卡器状态' })).toContainText(label);
}

test.describe('reader card-number format', () => {
  test.afterEach(async ({ page }) => {
    await chooseFormat(page, '10 位十进制');
  });

  test('Wiegand-26: 8-digit numbers are read; 10-digit ones are refused with a clear message', async ({ page }) => {
    const m = featured('tierChanged');
    await openDesk(page);
    await chooseFormat(page, '韦根 26（8 位）');
    // Survives a reload: the setting lives in the services, not in the page.
    await page.reload();
    await expect(page.getByRole('list', { name: '读卡器状态' })).toContainText('韦根 26（8 位）');

    await tapCard(page, m.card, 'w26');
    await expect(banner(page)).toContainText(m.name);

    await tapCard(page, DEMO_UNKNOWN_CARD, 'dec10');
    await expect(banner(page)).toContainText('签到失败');
    await expect(banner(page)).toContainText('卡号与读卡器的卡号格式不符');
    await expect(banner(page)).toContainText(`卡号 ${typedDigits(DEMO_UNKNOWN_CARD)}`);
  });

  test('hex: letters A–F are part of the card number', async ({ page }) => {
    await openDesk(page);
    await chooseFormat(page, '十六进制');
    await tapCard(page, DEMO_UNKNOWN_CARD, 'hex');
    await expectDecision(page, 'grey', '未登记的卡', `卡号 ${DEMO_UNKNOWN_CARD}`);
  });
});
