import { expect, test } from '@playwright/test';
import { banner, memberPanel, openDesk, recentTaps } from './support/desk';

/** Spec 6 — manual check-in for a forgotten card: search by phone tail, member number and name. */
test.describe('manual check-in by search', () => {
  test('by phone tail: 0001 finds 张晓雨 (138****0001) → check in', async ({ page }) => {
    await openDesk(page);
    const search = page.getByRole('textbox', { name: '搜索会员' });
    await expect(search).toHaveAttribute('placeholder', '姓名、手机尾号 4 位或会员号');
    await search.fill('0001');
    const results = page.getByRole('list', { name: '搜索结果' });
    const row = results.getByRole('listitem').filter({ hasText: 'M000001' });
    await expect(row).toContainText('张晓雨');
    await expect(row).toContainText('尾号 0001');
    await expect(row).toContainText('黄金');
    await expect(row).toContainText('有效');

    await row.getByRole('button', { name: '签到：张晓雨（M000001）' }).click();
    await expect(banner(page)).toContainText('张晓雨');
    await expect(recentTaps(page).getByRole('listitem').first()).toContainText('张晓雨');
    // The search is cleared for the next member.
    await expect(search).toHaveValue('');
  });

  test('by member number, then by that member’s name', async ({ page }) => {
    await openDesk(page);
    const search = page.getByRole('textbox', { name: '搜索会员' });
    const results = page.getByRole('list', { name: '搜索结果' });
    await search.fill('M000012');
    const row = results.getByRole('listitem').filter({ hasText: 'M000012' });
    await expect(row).toHaveCount(1);
    const name = (await row.locator('.result-name').textContent())?.trim() ?? '';
    expect(name.length).toBeGreaterThan(1);

    await search.fill(name);
    const byName = results.getByRole('listitem').filter({ hasText: 'M000012' });
    await expect(byName).toContainText(name);
    await byName.getByRole('button', { name: `签到：${name}（M000012）` }).click();
    await expect(banner(page)).toContainText(name);
    await expect(memberPanel(page)).toContainText('M000012');
    // Nobody else touches this member, so the newest visit is this one, recorded as manual.
    await expect(memberPanel(page).getByRole('region', { name: '最近到店' }).getByRole('listitem').first()).toContainText(/11\/23 08:\d\d.*手动/);
  });

  test('no match is said plainly', async ({ page }) => {
    await openDesk(page);
    await page.getByRole('textbox', { name: '搜索会员' }).fill('查无此人');
    await expect(page.getByText('未找到匹配的会员')).toBeVisible();
  });
});
