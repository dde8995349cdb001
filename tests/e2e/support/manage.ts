import { expect, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../../core/contract/methods';

/** Steps for the branch-admin (店务管理) spec. */

type Envelope<M extends MethodName> = { ok: true; value: MethodOutput<M> } | { ok: false; error: { code: string; message: string } };

/**
 * A contract call through the preview host, as whoever holds the desk: for setting up what
 * another screen (or another desk) would have done, and for checking what the services stored.
 */
export async function api<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const res = await page.request.post('/api/call', { data: { method, input } });
  expect(res.ok()).toBe(true);
  const envelope = (await res.json()) as Envelope<M>;
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value;
}

/** The screen buttons down the left edge (the navigation rail). */
export function navButton(page: Page, name: RegExp | string): Locator {
  return page.getByRole('navigation', { name: /功能|Sections/ }).getByRole('button', { name });
}

export async function openScreen(page: Page, name: RegExp | string): Promise<void> {
  await navButton(page, name).click();
  await expect(navButton(page, name)).toHaveAttribute('aria-current', 'page');
}

export function managePage(page: Page): Locator {
  return page.getByRole('main', { name: /店务管理|Branch admin/ });
}

export async function openManageTab(page: Page, tab: RegExp | string): Promise<void> {
  await managePage(page).getByRole('tab', { name: tab }).click();
  await expect(managePage(page).getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** A table row holding `text` (antd tables render real <tr> rows). */
export function row(scope: Locator, text: string | RegExp): Locator {
  return scope.getByRole('row').filter({ hasText: text });
}

const root = resolve(import.meta.dirname, '../../..');

/**
 * A screenshot for people to look at, as support/screenshots.ts snap() takes them
 * (test-results/screenshots; docs/screenshots only with KIOSK_UPDATE_DOCS_SCREENSHOTS=1), but with
 * animations finished: dialogs and dropdowns fade, and a picture mid-fade looks broken. Also
 * copied to E2E_SHOTS_DIR when set.
 */
export async function shot(page: Page, name: string, docsName?: string): Promise<void> {
  const path = join(root, 'test-results', 'screenshots', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path, animations: 'disabled' });
  const copies = [process.env.E2E_SHOTS_DIR ? join(process.env.E2E_SHOTS_DIR, `${name}.png`) : null];
  if (docsName && process.env.KIOSK_UPDATE_DOCS_SCREENSHOTS === '1') copies.push(join(root, 'docs', 'screenshots', docsName));
  for (const copy of copies) {
    if (!copy) continue;
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(path, copy);
  }
}

/** The window itself never scrolls: the screen's own areas do. */
export async function expectNoPageOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const el = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number } } }).document.documentElement;
    return { x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight };
  });
  expect(overflow).toEqual({ x: 0, y: 0 });
}
