import { expect, test } from '@playwright/test';
import { goTo, openDesk, switchLanguage } from './support/desk';
import { editDialog, editShot, maskedInput, openEditDialog, validIdCard } from './support/editProfile';
import { memberProfile, openMemberBySearch, registerMember } from './support/memberPage';

/**
 * Spec 19 — 编辑资料: a manager corrects a member's profile (name, phone, health notes), the desk
 * finds the member by the new phone tail, a phone another member has needs "确认不是同一人", and
 * withdrawing the separate consent deletes the ID number and health notes. Reception has no
 * 编辑资料. Members are registered here through the contract, so no other spec depends on them.
 */
const ID = validIdCard('19880514', 215);

test.describe.configure({ mode: 'serial' });

test.describe('edit profile', () => {
  let memberNo = '';

  test('manager: edit name, phone and health notes; the page and the desk search show the new values', async ({ page }) => {
    await openDesk(page, 'manager');
    memberNo = (await registerMember(page, { name: '编辑测甲', phone: '16620190001', idCard: ID })).memberNo;
    await openMemberBySearch(page, memberNo, '编辑测甲');

    const dialog = await openEditDialog(page);
    // Plain fields prefilled; masked ones masked, their inputs empty.
    await expect(dialog.getByLabel('姓名', { exact: true })).toHaveValue('编辑测甲');
    await expect(dialog.getByRole('group', { name: '手机' })).toContainText('当前：166****0001');
    await expect(maskedInput(dialog, /^手机$/)).toHaveValue('');
    await expect(maskedInput(dialog, /^手机$/)).toHaveAttribute('placeholder', '不修改请留空');
    await expect(dialog.getByRole('group', { name: '身份证号' })).toContainText(`当前：110***********${ID.slice(-4)}`);
    await expect(dialog).not.toContainText(ID);
    await expect(dialog.getByRole('group', { name: '敏感信息授权' })).toContainText('会员已同意');

    await dialog.getByLabel('姓名', { exact: true }).fill('编辑测乙');
    await maskedInput(dialog, /^手机$/).fill('16620197788');
    await maskedInput(dialog, /^健康备注$/).fill('腰椎间盘突出，避免负重深蹲');
    // The live duplicate look-up of the new phone finds nobody.
    await expect(dialog.getByText('正在查找是否已登记过…')).toHaveCount(0);
    await editShot(page, 'dialog-zh', 'member-edit-zh.png');
    await dialog.getByRole('button', { name: '保存修改' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('会员资料已更新')).toBeVisible();

    await expect(page.locator('.mp-name')).toHaveText('编辑测乙');
    const profile = memberProfile(page);
    await expect(profile.locator('[data-field="phone"]')).toHaveText('166****7788');
    await expect(profile.locator('[data-field="healthNotes"]')).toHaveText('已登记（已隐藏）');

    // The desk's search finds the member by the new tail, and no longer by the old one.
    await goTo(page, '签到台');
    const search = page.getByRole('textbox', { name: '搜索会员' });
    const results = page.getByRole('list', { name: '搜索结果' });
    await search.fill('7788');
    await expect(results.getByRole('listitem').filter({ hasText: memberNo })).toContainText('编辑测乙');
    await search.fill('0001');
    await expect(results.getByRole('listitem').filter({ hasText: '张晓雨' })).toBeVisible();
    await expect(results.getByRole('listitem').filter({ hasText: memberNo })).toHaveCount(0);
    await search.fill('');
  });

  test('manager: another member’s phone is shown with their member number and needs 确认不是同一人', async ({ page }) => {
    await openDesk(page, 'manager');
    const other = await registerMember(page, { name: '编辑测丙', phone: '16620190002' });
    await openMemberBySearch(page, memberNo, '编辑测乙');
    const dialog = await openEditDialog(page);
    await maskedInput(dialog, /^手机$/).fill('16620190002');
    const warning = dialog.getByRole('alert').filter({ hasText: '与其他会员重复' });
    await expect(warning).toContainText(other.memberNo);
    await expect(warning).toContainText('手机号相同');
    await dialog.getByRole('button', { name: '保存修改' }).click();
    await expect(warning).toContainText('请先核实可能重复的会员');
    await editShot(page, 'duplicate-zh');
    await warning.getByText('已核实，确认不是同一人').click();
    await dialog.getByRole('button', { name: '保存修改' }).click();
    await expect(dialog).toBeHidden();
    await expect(memberProfile(page).locator('[data-field="phone"]')).toHaveText('166****0002');
  });

  test('manager: withdrawing consent deletes the ID number and health notes', async ({ page }) => {
    await openDesk(page, 'manager');
    await openMemberBySearch(page, memberNo, '编辑测乙');
    const dialog = await openEditDialog(page);
    await dialog.getByText('会员撤回同意').click();
    await expect(dialog).toContainText('撤回后将立即删除该会员的身份证号和健康备注');
    await expect(dialog.getByRole('group', { name: '身份证号' })).toContainText('保存后将删除此项');
    await expect(dialog.getByRole('group', { name: '健康备注' })).toContainText('保存后将删除此项');
    await editShot(page, 'withdraw-zh');
    await dialog.getByRole('button', { name: '保存修改' }).click();
    await expect(dialog).toBeHidden();

    const profile = memberProfile(page);
    await expect(profile.locator('[data-field="idCard"]')).toHaveText('未登记');
    await expect(profile.locator('[data-field="healthNotes"]')).toHaveText('未登记');
    await expect(profile).toContainText('会员未同意');
    await editShot(page, 'after-withdraw-zh');
    // Without consent, the ID number cannot be entered again.
    const again = await openEditDialog(page);
    await expect(maskedInput(again, /^身份证号$/)).toBeDisabled();
    await again.getByRole('button', { name: '取消' }).click();
    await expect(again).toBeHidden();
  });

  test('English: the dialog reads in English', async ({ page }) => {
    await openDesk(page, 'manager');
    await switchLanguage(page, 'English');
    try {
      await openMemberBySearch(page, memberNo, '编辑测乙');
      const dialog = await openEditDialog(page);
      await expect(dialog.getByRole('group', { name: 'Phone' })).toContainText('On record: 166****0002');
      await expect(maskedInput(dialog, /^Phone$/)).toHaveAttribute('placeholder', 'Leave empty to keep');
      await editShot(page, 'dialog-en', 'member-edit-en.png');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(editDialog(page)).toBeHidden();
    } finally {
      await switchLanguage(page, '简体中文');
    }
  });

  test('the dialog fits a 1920×1080 reception monitor', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openDesk(page, 'manager');
    await openMemberBySearch(page, memberNo, '编辑测乙');
    const dialog = await openEditDialog(page);
    const box = await dialog.locator('.ant-modal-footer').boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(1080);
    await editShot(page, 'dialog-1920-zh');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(editDialog(page)).toBeHidden();
  });

  test('reception: no 编辑资料', async ({ page }) => {
    await openDesk(page, 'reception');
    await openMemberBySearch(page, memberNo, '编辑测乙');
    await expect(memberProfile(page)).toBeVisible();
    await expect(page.getByRole('button', { name: '编辑资料' })).toHaveCount(0);
  });
});
