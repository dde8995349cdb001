import { expect, test } from '@playwright/test';
import { banner, featured, memberPanel, openDesk, recentTaps, tapCard } from './support/desk';
import { snap } from './support/screenshots';

/**
 * The desk fits the two reception monitors it is made for without page scrolling: banner,
 * member panel, class check-in, search and recent taps all on screen at once.
 */
for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`fits ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const m = featured('medical');
    await openDesk(page);
    await tapCard(page, m.card);
    await expect(banner(page)).toContainText(m.name);

    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number } } }).document.documentElement;
      return { x: root.scrollWidth - root.clientWidth, y: root.scrollHeight - root.clientHeight };
    });
    expect(overflow).toEqual({ x: 0, y: 0 });

    await expect(banner(page)).toBeInViewport();
    await expect(memberPanel(page).getByRole('note', { name: '医疗提示' })).toBeInViewport();
    await expect(memberPanel(page).getByRole('heading', { name: m.name })).toBeInViewport();
    await expect(memberPanel(page).getByRole('region', { name: '团课签到' })).toBeInViewport();
    await expect(page.getByRole('textbox', { name: '搜索会员' })).toBeInViewport();
    await expect(recentTaps(page)).toBeInViewport();
    await snap(page, `layout-${viewport.width}x${viewport.height}`);
  });
}
