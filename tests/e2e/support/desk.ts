import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CardFormat } from '../../../core/cards/cardFormat';
import { formatUid } from '../../../core/cards/cardNumber';
import type { StaffRole } from '../../../core/staff/permissions';
import { demoStaff } from '../../../services/demo/demoStaff';
import { DEMO_UNKNOWN_CARD, FEATURED_MEMBERS, type FeaturedMember } from '../../../services/demo/featured';

/**
 * Shared steps for the desk e2e specs. Cards and members come from the demo data's source of
 * truth (services/demo/featured.ts); what a keyboard reader types comes from core's formatUid.
 */
export { DEMO_UNKNOWN_CARD };

export type FeaturedKey =
  | 'green'
  | 'expiring'
  | 'expired'
  | 'frozen'
  | 'lost'
  | 'birthday'
  | 'medical'
  | 'tierChanged'
  | 'notStarted'
  | 'quotaUsed';

export function featured(key: FeaturedKey): FeaturedMember {
  const m = FEATURED_MEMBERS.find((f) => f.key === key);
  if (!m) throw new Error(`no featured demo member ${key}`);
  return m;
}

/** What the desk's keyboard reader (default format dec10) types for a card. */
export function typedDigits(uid: string, format: CardFormat = 'dec10'): string {
  return formatUid(uid, format);
}

export const DECISION_RGB = {
  green: 'rgb(46, 125, 50)',
  yellow: 'rgb(242, 178, 0)',
  red: 'rgb(198, 40, 40)',
  grey: 'rgb(95, 107, 122)',
} as const;

/** The decision region (role=status) — its text carries the decision words. */
export function banner(page: Page): Locator {
  return page.getByRole('status', { name: /签到结果|Check-in result/ });
}

/** The coloured container around the banner (its fill is the decision colour). */
export function bannerFrame(page: Page): Locator {
  return page.locator('[data-decision]');
}

export function memberPanel(page: Page): Locator {
  return page.getByRole('region', { name: /会员信息|Member details/ });
}

export function recentTaps(page: Page): Locator {
  return page.getByRole('list', { name: /最近刷卡记录|Recent taps/ });
}

/**
 * Opens the desk and waits until it can take a card: desk info loaded and the keyboard reader
 * listed (the capture hook picks its charset from the reader's format).
 */
export async function openDesk(page: Page, as: StaffRole = 'reception'): Promise<void> {
  await installKeyLog(page);
  await page.goto('/');
  await signInAs(page, as);
  await expect(page.getByRole('combobox', { name: /卡号格式|Card number format/ })).toBeVisible();
  await expect(page.getByText('悦动健身 · 静安寺店')).toBeVisible();
}

/** Opens one of the desk's screens from the navigation rail (签到台, 会员, 新会员登记, 店务管理). */
export async function goTo(page: Page, section: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: /^(功能|Sections)$/ }).getByRole('button', { name: section }).click();
}

/** The header's "who holds the desk" (name · role). */
export function staffChip(page: Page): Locator {
  return page.getByLabel(/^(当班员工|Staff on duty)$/);
}

export function signInScreen(page: Page): Locator {
  return page.getByRole('main', { name: /员工登录|前台已锁定|Staff sign-in|Desk locked/ });
}

/**
 * Makes the demo staff member of `role` hold the desk. The preview host keeps one desk session
 * for all specs, so whoever the last spec left signed in (or a lock) is handled first.
 */
export async function signInAs(page: Page, role: StaffRole): Promise<void> {
  const demo = demoStaff(role);
  await expect(signInScreen(page).or(staffChip(page))).toBeVisible();
  if (await staffChip(page).isVisible()) {
    if ((await staffChip(page).textContent())?.includes(demo.name)) return;
    await page.getByRole('button', { name: /退出登录|Sign out/ }).click();
  }
  const screen = signInScreen(page);
  await expect(screen).toBeVisible();
  const switchStaff = screen.getByRole('button', { name: /换其他员工登录|Sign in as someone else/ });
  const locked = await screen.getByText(/前台已锁定|Desk locked/).isVisible();
  if (locked && !(await screen.getByText(new RegExp(`${demo.name}(，|, )`)).isVisible())) await switchStaff.click();
  const choice = screen.getByText(new RegExp(`^${demo.name} · `));
  if (await choice.count()) await choice.click();
  // fill(), not key presses: six fast digits would read as a card tap.
  await screen.getByLabel('PIN', { exact: true }).fill(demo.pin);
  await expect(staffChip(page)).toContainText(demo.name);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Browser globals used inside page callbacks (this file is type-checked without the DOM library).
declare const requestIdleCallback: (cb: () => void, options: { timeout: number }) => number;
declare const document: { fonts: { ready: Promise<unknown> } };
declare const window: {
  __kioskKeyLog?: number[];
  addEventListener(type: string, listener: (event: { isTrusted: boolean; timeStamp: number }) => void, capture: boolean): void;
};

/** The decoder's longest gap inside a card burst (core/cards/wedgeDecoder, default profile). */
const READER_MAX_GAP_MS = 35;

/**
 * Logs the timeStamp of every trusted keydown, at the window in the capture phase — before the
 * desk's own document-level capture listener, which swallows card keys.
 */
export async function installKeyLog(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__kioskKeyLog = [];
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.isTrusted) window.__kioskKeyLog?.push(event.timeStamp);
      },
      true,
    );
  });
}

/**
 * Waits until the page's main thread is idle. Playwright's key presses wait for the renderer to
 * take each key, so a busy renderer (first render, a member panel arriving) stretches the gaps
 * between a "reader's" digits past the decoder's 35 ms and the tap reads as human typing.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 500 }));
  });
}

/**
 * A tap as a keyboard-emulating reader does it: trusted key events through the browser's input
 * pipeline, digits 4–10 ms apart, then Enter.
 */
export async function tapCard(page: Page, uid: string, format: CardFormat = 'dec10'): Promise<void> {
  await typeLikeReader(page, typedDigits(uid, format));
}

/**
 * Types digits + Enter at reader speed with page.keyboard. On a loaded 2-core machine the
 * harness itself sometimes cannot keep the gaps under 35 ms (each key waits for the renderer);
 * the page logs the real gaps, and an attempt whose gaps were not reader-like is not a test of
 * the desk, so it is repeated (`onInvalid` restores whatever the human-speed keys typed). An
 * attempt with reader-like gaps is never repeated: if the desk misses that card, the test fails.
 */
export async function typeLikeReader(page: Page, digits: string, onInvalid?: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await settle(page);
    const from = await page.evaluate(() => window.__kioskKeyLog?.length ?? -1);
    if (from < 0) throw new Error('call installKeyLog(page) (openDesk does) before tapping');
    for (const ch of digits) {
      await page.keyboard.press(ch);
      await sleep(4 + Math.random() * 6);
    }
    await page.keyboard.press('Enter');
    const times = await page.evaluate((n) => window.__kioskKeyLog?.slice(n) ?? [], from);
    const maxGap = Math.max(0, ...times.slice(1).map((t, i) => t - times[i]!));
    if (times.length === digits.length + 1 && maxGap <= READER_MAX_GAP_MS) return;
    if (attempt >= 5) throw new Error(`could not type at reader speed (max gap ${Math.round(maxGap)} ms)`);
    const note = `attempt ${attempt}: max gap ${Math.round(maxGap)} ms, repeated`;
    test.info().annotations.push({ type: 'reader-timing', description: note });
    console.log(`[reader-timing] ${note}`);
    await onInvalid?.();
  }
}

/** Waits for the shown decision: colour (data attribute and actual fill) and words. */
export async function expectDecision(page: Page, color: keyof typeof DECISION_RGB, ...texts: (string | RegExp)[]): Promise<void> {
  await expect(bannerFrame(page)).toHaveAttribute('data-decision', color);
  await expect(bannerFrame(page)).toHaveCSS('background-color', DECISION_RGB[color]);
  for (const text of texts) await expect(banner(page)).toContainText(text);
}

/**
 * Picks a language in the header switch. Ant Design's Segmented keeps the radio input visually
 * hidden, so the click goes to its label (what a person clicks).
 */
export async function switchLanguage(page: Page, language: '简体中文' | 'English'): Promise<void> {
  const radio = page.getByRole('radio', { name: language });
  await page.locator('label', { has: radio }).click();
  await expect(radio).toBeChecked();
}
