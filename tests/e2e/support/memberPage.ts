import { expect, type APIResponse, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSENT_TEXT_VERSION } from '../../../core/contract/memberDto';
import { tapCard } from './desk';
import { snap } from './screenshots';

/** Steps for the member page spec (15-member-page). Desk steps stay in ./desk. */

/** Picks the 会员 / Members screen in the navigation rail (opens the finder). */
export async function openMembersScreen(page: Page): Promise<void> {
  const item = page.getByRole('navigation', { name: /^(功能|Sections)$/ }).getByRole('button', { name: /^(会员|Members)$/ });
  await item.click();
  await expect(item).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: /^(查找会员|Find a member)$/ })).toBeVisible();
}

/** Finds a member on the members screen by name, phone tail or member number and opens them. */
export async function openMemberBySearch(page: Page, query: string, name: string): Promise<void> {
  await openMembersScreen(page);
  await page.getByRole('textbox', { name: /^(查找会员|Find a member)$/ }).fill(query);
  await page.getByRole('button', { name: new RegExp(`^(查看会员详情：|Open member: )${name}`) }).click();
  await expect(memberProfile(page)).toBeVisible();
  await expect(page.locator('.mp-name')).toHaveText(name);
}

export function memberProfile(page: Page): Locator {
  return page.getByRole('region', { name: /^(个人资料|Profile)$/ });
}

/** A tab of the member page (会籍, 卡片, 到店记录, 消费记录); labels may carry a count. */
export async function openMemberTab(page: Page, label: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${label}`) }).click();
  await expect(page.getByRole('tab', { name: new RegExp(`^${label}`) })).toHaveAttribute('aria-selected', 'true');
}

export function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog', { name: title });
}

/**
 * Picks a day in an antd date picker by clicking it in the calendar, as staff do. The popup opens
 * with an animation; a click that lands before it settles is lost, so the pick is checked and
 * repeated (reopening the popup) until the field shows the day.
 */
export async function pickDate(page: Page, field: Locator, date: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const popup = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
    if (!(await popup.isVisible())) await field.click();
    await popup.locator(`td[title="${date}"]`).click();
    try {
      await expect(field).toHaveValue(date, { timeout: 1500 });
      await expect(popup).toBeHidden();
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * The keyboard reader's decoder treats the same card again within 1.5 s as a card resting on the
 * reader (core/cards/wedgeDecoder debounceMs), so a test that taps one card twice waits that out,
 * as a real second tap would.
 */
export async function waitOutReaderDebounce(page: Page): Promise<void> {
  await page.waitForTimeout(1600);
}

/** A contract call through the preview host, as whoever holds the desk. */
export async function contractCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const res: APIResponse = await page.request.post('/api/call', { data: { method, input } });
  expect(res.ok()).toBe(true);
  const envelope = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${method} refused: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

/** A screenshot to look at (test-results/screenshots, docs/ on request), also copied to MEMBER_SHOTS_DIR if set. */
export async function memberShot(page: Page, name: string, docsName?: string): Promise<void> {
  // Pictures for docs/ wait for the success messages to fade.
  if (docsName) await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 6000 });
  const path = await snap(page, `member-page-${name}`, docsName);
  const dir = process.env.MEMBER_SHOTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(path, join(dir, `${name}.png`));
  }
}

/**
 * A card tap with nothing focused. On a loaded machine tapCard may type an attempt at human
 * speed and repeat it; the human-speed Enter of such an attempt would press whatever button has
 * focus (after a dialog closes, the button that opened it), so focus is parked first.
 */
export async function tapCardUnfocused(page: Page, uid: string): Promise<void> {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await tapCard(page, uid);
}

export interface RegisterOptions {
  name: string;
  phone: string;
  idCard?: string;
  plan?: { code: string; amountFen: number };
}

/**
 * A new member through the contract (members.register) as whoever holds the desk, starting today
 * (the pinned 2026-11-23), so a test can change them without touching the demo members.
 */
export async function registerMember(page: Page, o: RegisterOptions): Promise<{ memberId: string; memberNo: string }> {
  const plan = o.plan ?? { code: 'quarter', amountFen: 99_900 };
  return contractCall(page, 'members.register', {
    profile: {
      name: o.name,
      gender: 'female',
      birthday: null,
      phone: o.phone,
      idCard: o.idCard ?? null,
      emergencyContact: null,
      healthNotes: null,
      fitnessGoal: null,
      preferredCourses: [],
    },
    // The ID number needs the separate consent for sensitive data.
    consent: { sensitive: o.idCard !== undefined, textVersion: CONSENT_TEXT_VERSION },
    photoDataUrl: null,
    plan: { code: plan.code, startsOn: '2026-11-23', amountFen: plan.amountFen },
    card: null,
    acknowledgeDuplicates: true,
  });
}
