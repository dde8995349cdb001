import { expect, test } from '@playwright/test';
import { DEMO_UNKNOWN_CARD, banner, expectDecision, featured, openDesk, recentTaps, typeLikeReader, typedDigits } from './support/desk';
import { AZERTY_DIGIT_KEYS, digitKeys, dispatchTap } from './support/inPage';

/**
 * Spec 2 — the keyboard-wedge capture under real-world keyboards: an active Chinese IME, a
 * non-US layout, a card tapped while staff are typing in the search box, and human typing,
 * which must still reach the search box untouched.
 */
test.describe('keyboard-wedge capture', () => {
  test('a card typed while a Chinese IME is composing is still read', async ({ page }) => {
    const m = featured('notStarted');
    await openDesk(page);
    // An IME swallows keys: key 'Process', isComposing true; only the physical code is right.
    await dispatchTap(page, digitKeys(typedDigits(m.card), () => 'Process'), { isComposing: true });
    await expect(banner(page)).toContainText(m.name);
    await expectDecision(page, 'red', '会籍未生效');
  });

  test('a card typed on an AZERTY layout (Digit1 → "&") is still read', async ({ page }) => {
    await openDesk(page);
    const digits = typedDigits(DEMO_UNKNOWN_CARD);
    await dispatchTap(page, digitKeys(digits, (d) => AZERTY_DIGIT_KEYS[d]!));
    await expectDecision(page, 'grey', '未登记的卡', `卡号 ${digits}`);
  });

  test('a card tapped while the search box has focus leaves no digits in it', async ({ page }) => {
    const m = featured('frozen');
    await openDesk(page);
    const search = page.getByRole('textbox', { name: '搜索会员' });
    await search.click();
    await search.pressSequentially('王', { delay: 50 });
    // Trusted keys, so a digit that slipped through would really land in the box.
    await typeLikeReader(page, typedDigits(m.card), () => search.fill('王'));
    await expect(banner(page)).toContainText(m.name);
    await expect(search).toHaveValue('王');
    await expect(search).toBeFocused();

    // The same under an IME, with the focus still in the search box.
    await dispatchTap(page, digitKeys(typedDigits(DEMO_UNKNOWN_CARD), () => 'Process'), { isComposing: true });
    await expectDecision(page, 'grey', '未登记的卡');
    await expect(search).toHaveValue('王');
    await expect(recentTaps(page).getByRole('listitem')).toHaveCount(2);
  });

  test('human typing into the search box still works, digits included', async ({ page }) => {
    await openDesk(page);
    const search = page.getByRole('textbox', { name: '搜索会员' });
    await search.click();
    // Slow typing: each digit is held for up to ~35 ms, then given back in order.
    await search.pressSequentially('M000004', { delay: 120 });
    await expect(search).toHaveValue('M000004');
    const results = page.getByRole('list', { name: '搜索结果' });
    await expect(results).toContainText('赵强');

    // Brisk typing (60 ms apart) and editing keys behave as usual too.
    await page.keyboard.press('Backspace');
    await expect(search).toHaveValue('M00000');
    await search.fill('');
    await search.pressSequentially('0004', { delay: 60 });
    await expect(search).toHaveValue('0004');
    await expect(results).toContainText('尾号 0004');
    // Even at reader speed, a number too short for a card ended by Enter is given back.
    await search.fill('');
    await typeLikeReader(page, '0004', () => search.fill(''));
    await expect(search).toHaveValue('0004');
    await expect(recentTaps(page).getByRole('listitem')).toHaveCount(0);
  });
});
