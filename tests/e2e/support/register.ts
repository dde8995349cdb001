import { expect, type Locator, type Page } from '@playwright/test';
import { idCardCheckChar } from '../../../core/members/idCard';
import { openDesk } from './desk';

/**
 * Steps for the registration spec (14-registration). Every member it registers has a 199…
 * mobile number, a range the demo data never uses, so duplicates are only the ones a test makes.
 */

/** A synthetic, valid ID number: region 110105 (Beijing Chaoyang), the given birthday and sequence. */
export function validIdCard(birthday = '19900307', sequence = '004'): string {
  const first17 = `110105${birthday}${sequence}`;
  return first17 + idCardCheckChar(first17);
}

/** The same number with a check character that does not match. */
export function wrongChecksum(valid: string): string {
  const wrong = valid.endsWith('0') ? '1' : '0';
  return valid.slice(0, 17) + wrong;
}

/** The registration form (a <form> named after the screen). */
export function registerForm(page: Page): Locator {
  return page.getByRole('form', { name: /新会员登记|New member registration/ });
}

/** The success view after a save. */
export function registeredView(page: Page): Locator {
  return page.getByRole('status', { name: /登记成功|Registered/ });
}

/** Opens the desk as reception and goes to 新会员登记 in the navigation rail. */
export async function openRegister(page: Page): Promise<Locator> {
  await openDesk(page, 'reception');
  await page.getByRole('navigation', { name: /^(功能|Sections)$/ }).getByRole('button', { name: /^(新会员登记|New member)$/ }).click();
  const form = registerForm(page);
  await expect(form).toBeVisible();
  return form;
}

/** Chooses a plan by its name as shown ('年卡', 'Annual'). */
export async function choosePlan(form: Locator, name: string): Promise<void> {
  await form.getByRole('radiogroup', { name: /套餐|Plan/ }).getByText(name, { exact: true }).click();
}

/** The fields every registration needs: name, mobile and a plan. */
export async function fillEssentials(form: Locator, m: { name: string; phone: string; plan?: string }): Promise<void> {
  await form.getByLabel(/^(姓名|Name)$/).fill(m.name);
  await form.getByLabel(/^(手机号|Mobile)$/).fill(m.phone);
  await choosePlan(form, m.plan ?? '月卡');
}

/** Presses save and returns the member number the success view shows. */
export async function saveAndReadMemberNo(page: Page, form: Locator): Promise<string> {
  await form.getByRole('button', { name: /确认登记|Register/ }).click();
  const done = registeredView(page);
  await expect(done).toBeVisible();
  const memberNo = (await done.locator('.reg-done-no').textContent())?.trim() ?? '';
  expect(memberNo).toMatch(/^M[0-9]{6,}$/);
  return memberNo;
}

// Browser globals used inside page callbacks (this file is type-checked without DOM-in-Node assumptions).
declare const document: { scrollingElement: { scrollHeight: number; scrollWidth: number } | null };
declare const window: { innerHeight: number; innerWidth: number };

/** The page itself does not scroll (a form column may, inside). */
export async function expectNoPageScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement;
    return root ? { y: root.scrollHeight - window.innerHeight, x: root.scrollWidth - window.innerWidth } : { y: 0, x: 0 };
  });
  expect(overflow).toEqual({ y: 0, x: 0 });
}
