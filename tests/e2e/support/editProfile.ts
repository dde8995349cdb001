import { expect, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { idCardCheckChar } from '../../../core/members/idCard';
import { memberProfile } from './memberPage';
import { snap } from './screenshots';

/** Steps for the profile edit spec (19-edit-profile). Member page steps stay in ./memberPage. */

/** A valid resident ID number (Beijing Dongcheng) born on `birthday` (YYYYMMDD) with sequence `seq`. */
export function validIdCard(birthday: string, seq: number): string {
  const first17 = `110101${birthday}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

export function editDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /^(编辑会员资料|Edit member profile)$/ });
}

/** Opens 编辑资料 from the profile section of the member page on screen. */
export async function openEditDialog(page: Page): Promise<Locator> {
  await memberProfile(page).getByRole('button', { name: /^(编辑资料|Edit profile)$/ }).click();
  const dialog = editDialog(page);
  await expect(dialog).toBeVisible();
  // The modal opens with an animation; pictures and clicks wait for it to settle.
  await expect(page.locator('[class*="zoom-appear"], [class*="zoom-enter"]')).toHaveCount(0);
  // The pointer rests where 编辑资料 was, over a field of the dialog: move it off (no hover).
  await page.mouse.move(0, 0);
  return dialog;
}

/** The new-value input of a masked field, found by its group (the field's label). */
export function maskedInput(dialog: Locator, field: RegExp): Locator {
  return dialog.getByRole('group', { name: field }).getByRole('textbox');
}

/** A picture of the screen to look at, copied to EDIT_SHOTS_DIR when set (and to docs/ on request). */
export async function editShot(page: Page, name: string, docsName?: string): Promise<void> {
  const path = await snap(page, `member-edit-${name}`, docsName);
  const dir = process.env.EDIT_SHOTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(path, join(dir, `${name}.png`));
  }
}
