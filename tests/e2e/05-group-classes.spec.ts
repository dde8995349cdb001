import { expect, test } from '@playwright/test';
import { featured, memberPanel, openDesk, tapCard } from './support/desk';

/** Spec 5 — group-class check-in against the monthly free quota. */
test.describe('group class check-in', () => {
  test('bronze member with 2/2 free classes used: the class is charged', async ({ page }) => {
    const m = featured('quotaUsed');
    await openDesk(page);
    await tapCard(page, m.card);
    const classes = memberPanel(page).getByRole('region', { name: '团课签到' });
    await expect(classes).toContainText('剩余 0 / 2 次');

    const spin = classes.getByRole('button', { name: '团课签到：动感单车 12:15' });
    await spin.click();
    await expect(classes.getByRole('status')).toContainText('已签到「动感单车」。本月免费团课已用完，本次按次收费');
    await expect(classes).toContainText('剩余 0 / 2 次');

    // The same class again: already checked in, said plainly.
    await spin.click();
    await expect(classes.getByRole('alert')).toContainText('该会员已签到过「动感单车」');
  });

  test('silver member uses a free class: the remaining quota goes down by one', async ({ page }) => {
    const m = featured('medical');
    await openDesk(page);
    await tapCard(page, m.card);
    const classes = memberPanel(page).getByRole('region', { name: '团课签到' });
    await expect(classes).toContainText(/剩余 \d+ \/ 4 次/);
    const before = Number(/剩余 (\d+) \/ 4 次/.exec((await classes.textContent()) ?? '')?.[1]);
    expect(before).toBeGreaterThan(0);

    const row = classes.getByRole('listitem').filter({ hasText: '普拉提核心' });
    const attendeesBefore = Number(/(\d+)\/16/.exec((await row.textContent()) ?? '')?.[1]);
    await classes.getByRole('button', { name: '团课签到：普拉提核心 09:30' }).click();

    await expect(classes.getByRole('status')).toContainText(`已签到「普拉提核心」，使用 1 次免费团课，本月还剩 ${before - 1} 次`);
    await expect(classes).toContainText(`剩余 ${before - 1} / 4 次`);
    await expect(row).toContainText(`${attendeesBefore + 1}/16 人`);
  });
});
