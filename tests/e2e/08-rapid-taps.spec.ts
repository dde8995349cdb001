import { expect, test } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, expectDecision, featured, openDesk, recentTaps, tapCard, typedDigits } from './support/desk';
import { digitKeys, dispatchTaps } from './support/inPage';

/**
 * Spec 8 — taps never wait for each other: each call resolves into its own queue entry, the
 * newest is shown, and input is never blocked while a call is in flight.
 */
test.describe('rapid taps', () => {
  test('two different cards back to back: both in the recent list, the newest shown', async ({ page }) => {
    const first = featured('frozen');
    await openDesk(page);
    const plain = (d: string) => d;
    await dispatchTaps(page, [digitKeys(typedDigits(first.card), plain), digitKeys(typedDigits(DEMO_UNKNOWN_CARD), plain)]);

    const items = recentTaps(page).getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText(`卡号 ${typedDigits(DEMO_UNKNOWN_CARD)}`);
    await expect(items.nth(1)).toContainText(first.name);
    await expectDecision(page, 'grey', '未登记的卡');

    // Clicking an earlier tap shows it again…
    await recentTaps(page).getByRole('button', { name: new RegExp(first.name) }).click();
    await expectDecision(page, 'red', first.name, '会籍已暂停');
    // …and the next tap takes the screen back.
    const next = featured('notStarted');
    await tapCard(page, next.card);
    await expect(items).toHaveCount(3);
    await expect(banner(page)).toContainText(next.name);
  });

  test('a slow answer for the first tap does not hold up the second', async ({ page }) => {
    const slow = featured('frozen');
    const fast = featured('notStarted');
    const slowDigits = typedDigits(slow.card);
    let releaseSlow: () => void = () => undefined;
    const slowHeld = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { method?: string; input?: { card?: string } };
      if (body.method === 'checkin.card' && body.input?.card === slowDigits) await slowHeld;
      await route.continue();
    });

    await openDesk(page);
    await tapCard(page, slow.card);
    await expect(banner(page)).toContainText('正在查询');
    await tapCard(page, fast.card);
    await expect(banner(page)).toContainText(fast.name);
    const items = recentTaps(page).getByRole('listitem');
    await expect(items.nth(1)).toContainText('查询中');

    releaseSlow();
    await expect(items.nth(1)).toContainText(slow.name);
    await expect(items.nth(1)).toContainText('拒绝入场');
    // The late answer does not steal the screen from the member now at the desk.
    await expect(banner(page)).toContainText(fast.name);
  });
});
