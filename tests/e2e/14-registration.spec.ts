import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectDecision, switchLanguage, tapCard, typedDigits, typeLikeReader } from './support/desk';
import {
  choosePlan,
  expectNoPageScroll,
  fillEssentials,
  openRegister,
  registeredView,
  saveAndReadMemberNo,
  validIdCard,
  wrongChecksum,
} from './support/register';
import { snap } from './support/screenshots';

/** Spec 14 — new member registration (新会员登记) at the desk, as reception. */
test.use({ permissions: ['camera'] });

/** A copy for whoever reviews the screen by eye (REG_SHOTS_DIR); the spec never needs it. */
async function shot(page: Page, name: string, docsName?: string): Promise<void> {
  const path = await snap(page, `register-${name}`, docsName);
  const dir = process.env.REG_SHOTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(path, join(dir, `register-${name}.png`));
  }
}

test.describe('new member registration', () => {
  test('photo, consent, ID, health notes, 年卡 and a new card → the member checks in with that card', async ({ page }) => {
    const form = await openRegister(page);
    await expectNoPageScroll(page);
    await shot(page, 'empty');

    // The fake camera comes up; one tap takes the photo and turns the camera off.
    const capture = form.getByRole('button', { name: '拍照' });
    await expect(capture).toBeEnabled();
    await capture.click();
    await expect(form.getByRole('img', { name: '会员照片' })).toBeVisible();
    await expect(form.getByRole('button', { name: '重拍' })).toBeVisible();
    await expect(form.getByLabel('摄像头画面')).toHaveCount(0);

    await fillEssentials(form, { name: '林小满', phone: '19914000001', plan: '年卡' });
    await expect(form.getByRole('spinbutton', { name: '实收金额（元）' })).toHaveValue('2999.00');
    await expect(form).toContainText(/有效期 2026-11-23 至 2027-11-22/);

    // Separate consent unlocks the ID number and health notes.
    const idField = form.getByLabel('身份证号', { exact: true });
    await expect(idField).toBeDisabled();
    await form.getByRole('button', { name: '会员同意' }).click();
    await expect(form).toContainText('会员已同意');
    await idField.fill(validIdCard('19900307', '004'));
    await expect(form).toContainText('号码有效 · 出生日期 1990-03-07 · 女');
    // The ID number filled the birthday and gender the clerk had not set.
    await expect(form.getByLabel('生日', { exact: true })).toHaveValue('1990-03-07');
    await expect(form.getByRole('radio', { name: '女' })).toBeChecked();
    const notes = form.getByLabel('健康备注', { exact: true });
    await notes.fill('腰椎间盘突出，避免大重量深蹲');

    // The member taps the new card while the clerk is still in a text field: it binds here.
    await expect(form.getByText('请会员刷卡')).toBeVisible();
    await notes.focus();
    // On a loaded machine the harness may miss reader speed; the keys then land in the notes
    // as typing, and the attempt is repeated after putting the notes back.
    await typeLikeReader(page, typedDigits('7E110001'), () => notes.fill('腰椎间盘突出，避免大重量深蹲'));
    await expect(form).toContainText('UID 7E110001');
    await expect(notes).toHaveValue('腰椎间盘突出，避免大重量深蹲');
    await expect(form.getByText('正在查找是否已登记过…')).toHaveCount(0);
    await expect(form.getByRole('alert')).toHaveCount(0);
    await shot(page, 'filled', 'register-zh.png');

    const memberNo = await saveAndReadMemberNo(page, form);
    const done = registeredView(page);
    await expect(done).toContainText('林小满');
    await expect(done).toContainText('7E110001');
    await expect(done).toContainText('¥2,999.00');
    await shot(page, 'done');

    // To the desk: the new card checks the new member in, yellow for the medical alert.
    await done.getByRole('button', { name: '为该会员签到' }).click();
    // The same card within the reader's 1.5 s debounce reads as a card left on the reader;
    // a member lifts it and taps again.
    await page.waitForTimeout(1600);
    await tapCard(page, '7E110001');
    await expectDecision(page, 'yellow', '林小满', '医疗提示');
    await expect(page.getByRole('region', { name: '会员信息' })).toContainText(memberNo);
  });

  test('a mobile number already on file shows the member; saving needs 确认不是同一人', async ({ page }) => {
    const form = await openRegister(page);
    const duplicates = form.getByRole('alert').filter({ hasText: '可能已经登记过' });

    // A demo member's number (services/demo/demoData: featured member n has 1380000000n).
    await form.getByLabel('手机号', { exact: true }).fill('13800000001');
    await expect(duplicates).toContainText('张晓雨');
    await expect(duplicates).toContainText('M000001');
    await expect(duplicates).toContainText('手机尾号 0001');
    await expect(duplicates).toContainText('手机号相同');
    await expect(duplicates.getByRole('button', { name: '查看' })).toBeVisible();
    await form.getByLabel('姓名', { exact: true }).fill('张晓雨');
    await choosePlan(form, '月卡');
    await form.getByRole('button', { name: '确认登记' }).click();
    await expect(duplicates).toContainText('请先核实可能重复的会员');
    await expect(registeredView(page)).toHaveCount(0);
    await shot(page, 'duplicate');

    // A number no one has: the warning goes away.
    await form.getByLabel('手机号', { exact: true }).fill('19914000002');
    await expect(duplicates).toHaveCount(0);
    const firstNo = await saveAndReadMemberNo(page, form);

    // The same number again: the member just registered is the probable duplicate.
    await registeredView(page).getByRole('button', { name: '继续登记新会员' }).click();
    await fillEssentials(form, { name: '张小晓', phone: '19914000002' });
    await expect(duplicates).toContainText(firstNo);
    await form.getByRole('button', { name: '确认登记' }).click();
    await expect(duplicates).toContainText('请先核实可能重复的会员');
    await expect(registeredView(page)).toHaveCount(0);
    await duplicates.getByRole('checkbox', { name: '已核实，确认不是同一人' }).check();
    await expect(duplicates).not.toContainText('请先核实可能重复的会员');
    const secondNo = await saveAndReadMemberNo(page, form);
    expect(secondNo).not.toBe(firstNo);
  });

  test('the ID field waits for consent; a wrong check character is named and the save refused', async ({ page }) => {
    const form = await openRegister(page);
    const idField = form.getByLabel('身份证号', { exact: true });
    const notes = form.getByLabel('健康备注', { exact: true });
    await expect(idField).toBeDisabled();
    await expect(notes).toBeDisabled();
    await expect(idField).toHaveAttribute('placeholder', '会员同意后才能填写');

    await form.getByRole('button', { name: '会员同意' }).click();
    await expect(idField).toBeEnabled();
    // While typing, a short number is progress, not an error.
    await idField.fill('1101051990');
    await expect(form).toContainText('已输入 10/18 位');
    await idField.fill(`99${validIdCard().slice(2)}`);
    await expect(form).toContainText('前两位不是有效的省份代码');
    await idField.fill(wrongChecksum(validIdCard()));
    await expect(form).toContainText('校验位不对，请逐位核对号码');

    await fillEssentials(form, { name: '周一鸣', phone: '19914000003' });
    await form.getByRole('button', { name: '确认登记' }).click();
    await expect(form.getByRole('alert').filter({ hasText: '未能登记' })).toContainText('请按提示修改标红的项目');
    await expect(form).toContainText('校验位不对，请逐位核对号码');
    await expect(registeredView(page)).toHaveCount(0);
    await shot(page, 'id-error');

    // Declining empties and locks both sensitive fields again.
    await form.getByRole('button', { name: '改为不同意' }).click();
    await expect(form).toContainText('会员未同意：身份证号和健康备注不填写');
    await expect(idField).toBeDisabled();
    await expect(idField).toHaveValue('');
    await expect(form).not.toContainText('校验位不对');
  });

  test('in English, with the camera refused and consent declined, registration still works', async ({ page }) => {
    // A desk PC whose camera permission was refused in the system settings.
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const form = await openRegister(page);
    await switchLanguage(page, 'English');
    await expect(form.getByLabel('Name', { exact: true })).toBeVisible();
    await expect(form.getByLabel('Mobile', { exact: true })).toBeVisible();
    await expect(form).toContainText('Separate consent for sensitive information');
    await expect(form).toContainText('Ask the member to tap the card');
    await expect(form).toContainText('No permission to use the camera');
    await expect(form).toContainText('You can register without a photo');
    await expect(form.getByText('Yoga', { exact: true })).toBeVisible();
    await expect(form.getByRole('radiogroup', { name: 'Plan' })).toContainText('12 months');

    await shot(page, 'english-pending');
    await form.getByRole('button', { name: 'Member declines' }).click();
    await expect(form).toContainText('Member declined: no ID number or health notes');
    await fillEssentials(form, { name: 'Anna Lee', phone: '19914000004', plan: 'Annual' });
    await form.getByRole('checkbox', { name: 'Yoga' }).check();
    await expect(form.getByRole('button', { name: 'Register' })).toBeEnabled();
    await expect(form.getByText(/^Checking whether/)).toHaveCount(0);
    await page.waitForTimeout(600);
    await shot(page, 'english', 'register-en.png');

    await saveAndReadMemberNo(page, form);
    const done = registeredView(page);
    await expect(done).toContainText('Anna Lee');
    await expect(done).toContainText('No card yet');
    await expect(done.getByRole('button', { name: 'Register another member' })).toBeVisible();
    await switchLanguage(page, '简体中文');
  });

  test.describe('on a 1920×1080 reception monitor', () => {
    test.use({ viewport: { width: 1920, height: 1080 } });
    test('the form fits without scrolling the page', async ({ page }) => {
      const form = await openRegister(page);
      await form.getByRole('button', { name: '会员同意' }).click();
      await expect(form.getByLabel('身份证号', { exact: true })).toBeEnabled();
      await expectNoPageScroll(page);
      await shot(page, 'wide');
    });
  });
});
