import { expect, test } from '@playwright/test';
import { banner, featured, memberPanel, openDesk } from './support/desk';

/**
 * Spec 13 — a vendor-mode (HID) reader end to end: the preview host runs the real reader
 * service on a simulated USB port (--simulate-hid-reader), the test plays the hardware through
 * /__test/hid/*, and the desk must show the reader's state and check the member in.
 */
const READER = '13.56 MHz reader (simulated)';

function uidReport(uid: string): number[] {
  const bytes = uid.match(/../g)!.map((h) => parseInt(h, 16));
  return [bytes.length, ...bytes];
}

test('a card read by a USB reader checks the member in, and the header follows unplug and replug', async ({ page, request }) => {
  await openDesk(page);
  const reader = page.locator('li.reader').filter({ hasText: READER });
  await expect(reader).toContainText('已连接');

  const member = featured('medical');
  expect((await request.post('/__test/hid/report', { data: { bytes: uidReport(member.card) } })).ok()).toBe(true);
  await expect(banner(page)).toContainText(member.name);
  await expect(memberPanel(page)).toContainText(member.memberNo);

  expect((await request.post('/__test/hid/unplug')).ok()).toBe(true);
  await expect(reader).toContainText('未连接');
  expect((await request.post('/__test/hid/plug')).ok()).toBe(true);
  await expect(reader).toContainText('已连接');

  // After the replug the reader reads again: another member's card.
  const next = featured('tierChanged');
  await request.post('/__test/hid/report', { data: { bytes: uidReport(next.card) } });
  await expect(banner(page)).toContainText(next.name);
});

test('a garbled USB report is ignored: no check-in, the desk stays as it was', async ({ page, request }) => {
  await request.post('/__test/hid/plug');
  await openDesk(page);
  await expect(page.locator('li.reader').filter({ hasText: READER })).toContainText('已连接');
  const before = await banner(page).textContent().catch(() => null);
  const res = await request.post('/__test/hid/report', { data: { bytes: [200, 1, 2] } });
  expect(res.ok()).toBe(true);
  await page.waitForTimeout(500);
  expect(await banner(page).textContent().catch(() => null)).toBe(before);
  expect((await request.post('/__test/hid/report', { data: { bytes: 'nope' } })).status()).toBe(400);
});
