import { expect, test } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, expectDecision, featured, memberPanel, openDesk, recentTaps, tapCard, typedDigits } from './support/desk';
import { digitKeys, dispatchTaps } from './support/inPage';

/**
 * Spec 3 — the duplicate-scan window (20 minutes at the demo branch): a second tap of the same
 * card is a yellow 重复刷卡 and records no second visit. Written to hold whatever other specs
 * tapped before: it compares the member's visits today before and after the second tap.
 */
test.describe('duplicate scan', () => {
  test('the same card twice: the second is a yellow duplicate and adds no visit', async ({ page }) => {
    const m = featured('birthday');
    await openDesk(page);
    await tapCard(page, m.card);
    await expect(banner(page)).toContainText(m.name);
    const todayVisits = memberPanel(page).getByRole('region', { name: '最近到店' }).getByRole('listitem').filter({ hasText: '11/23' });
    await expect(todayVisits).not.toHaveCount(0);
    const visitsAfterFirst = await todayVisits.count();

    // Past the reader's 1.5 s debounce, so this is a second tap, not the card resting on the reader.
    await page.waitForTimeout(1_700);
    await tapCard(page, m.card);
    await expect(recentTaps(page).getByRole('listitem')).toHaveCount(2);
    await expectDecision(page, 'yellow', '请注意', '重复刷卡', /20 分钟内已签到（08:\d\d），本次不重复计次/);
    await expect(banner(page)).toContainText(m.name);
    await expect(todayVisits).toHaveCount(visitsAfterFirst);
  });

  test('a card resting on the reader is read once', async ({ page }) => {
    await openDesk(page);
    const keys = digitKeys(typedDigits(DEMO_UNKNOWN_CARD), (d) => d);
    // The reader re-reads a card left on it: the same number twice within its 1.5 s debounce.
    await dispatchTaps(page, [keys, keys]);
    await expectDecision(page, 'grey', '未登记的卡');
    await page.waitForTimeout(500);
    await expect(recentTaps(page).getByRole('listitem')).toHaveCount(1);
  });
});
