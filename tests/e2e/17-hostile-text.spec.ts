import { expect, test } from '@playwright/test';
import { memberPanel, openDesk } from './support/desk';

declare const window: { __xss?: number };

/**
 * Markup and SQL typed into member fields are data: stored verbatim and shown as text, never run.
 * The member is created through the contract route the desk itself uses.
 */
test('a member named with markup and SQL is shown as plain text on the desk', async ({ page }) => {
  await openDesk(page, 'reception');
  const name = `<img src=x onerror="window.__xss=1">'); DROP TABLE member;--`.slice(0, 40);
  const goal = `<script>window.__xss=2</script>`;
  const res = await page.request.post('/api/call', {
    data: {
      method: 'members.register',
      input: {
        profile: { name, gender: 'unspecified', birthday: null, phone: '13912345670', idCard: null, emergencyContact: null, healthNotes: null, fitnessGoal: goal, preferredCourses: [] },
        consent: { sensitive: false, textVersion: 'sensitive-2026-11' },
        photoDataUrl: null,
        plan: { code: 'month', startsOn: '2026-11-23', amountFen: 39_900 },
        card: null,
        acknowledgeDuplicates: true,
      },
    },
  });
  const body = (await res.json()) as { ok: boolean; value: { memberNo: string } };
  expect(body.ok).toBe(true);

  await page.getByRole('textbox', { name: '搜索会员' }).fill(body.value.memberNo);
  const row = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem').filter({ hasText: body.value.memberNo });
  await expect(row).toContainText(name);
  await row.getByRole('button').first().click();
  await expect(memberPanel(page)).toContainText(name);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});
