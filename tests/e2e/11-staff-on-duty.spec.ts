import { expect, test, type Page } from '@playwright/test';
import { openDesk } from './support/desk';

/** The staff on duty is chosen in the header and kept by the services (visits record it). */
async function chooseStaff(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: '当班员工' }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

test('choosing the staff on duty is kept across reloads', async ({ page }) => {
  await openDesk(page);
  const header = page.getByRole('banner');
  await expect(header).toContainText('王芳 · 前台');
  try {
    await chooseStaff(page, '张伟 · 店长');
    await expect(header).toContainText('张伟 · 店长');
    await page.reload();
    await expect(page.getByRole('banner')).toContainText('张伟 · 店长');
  } finally {
    await chooseStaff(page, '王芳 · 前台');
    await expect(header).toContainText('王芳 · 前台');
  }
});
