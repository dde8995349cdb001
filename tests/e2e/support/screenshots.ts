import type { Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Screenshots for people to look at: always into test-results/screenshots/; into
 * docs/screenshots/ only when KIOSK_UPDATE_DOCS_SCREENSHOTS=1, so a normal test run never
 * rewrites tracked files.
 */
export async function snap(page: Page, name: string, docsName?: string): Promise<string> {
  const path = join(root, 'test-results', 'screenshots', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  // Park the pointer so no hover highlight ends up in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path });
  if (docsName && process.env.KIOSK_UPDATE_DOCS_SCREENSHOTS === '1') {
    const docs = join(root, 'docs', 'screenshots', docsName);
    mkdirSync(dirname(docs), { recursive: true });
    copyFileSync(path, docs);
  }
  return path;
}
