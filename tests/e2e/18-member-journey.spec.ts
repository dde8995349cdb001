import { expect, test } from '@playwright/test';
import { banner, expectDecision, signInAs, staffChip, typedDigits, typeLikeReader } from './support/desk';
import { managePage, openManageTab, openScreen } from './support/manage';
import { dialog, memberProfile, openMemberBySearch, openMemberTab, pickDate, tapCardUnfocused, waitOutReaderDebounce } from './support/memberPage';
import { fillEssentials, openRegister, saveAndReadMemberNo, validIdCard } from './support/register';

/**
 * Issue 3, acceptance 2, end to end as the desk lives it: reception signs in and registers a
 * member with photo, consent and card; the card checks in; reported lost it is refused; the
 * manager freezes the membership (refused at the door), renews it, reveals the masked ID number
 * and finds the reveal in the audit log.
 */
test.use({ permissions: ['camera'] });

test('register → check in → lost card refused → frozen refused → renew → reveal, audited', async ({ page }) => {
  const name = '程一帆';
  const firstCard = '7E330001';
  const secondCard = '7E330002';
  const idCard = validIdCard('19920611', '013');

  // Reception signs in with a PIN (through the sign-in screen) and opens 新会员登记.
  const form = await openRegister(page);
  await expect(staffChip(page)).toContainText('王芳 · 前台');

  // Registration: photo from the (fake) desk camera, separate consent, ID number, a card by tap.
  await form.getByRole('button', { name: '拍照' }).click();
  await expect(form.getByRole('img', { name: '会员照片' })).toBeVisible();
  await fillEssentials(form, { name, phone: '19933000013', plan: '季卡' });
  await form.getByRole('button', { name: '会员同意' }).click();
  await form.getByLabel('身份证号', { exact: true }).fill(idCard);
  await expect(form).toContainText('号码有效');
  const notes = form.getByLabel('健康备注', { exact: true });
  await notes.focus();
  await typeLikeReader(page, typedDigits(firstCard), () => notes.fill(''));
  await expect(form).toContainText(`UID ${firstCard}`);
  const memberNo = await saveAndReadMemberNo(page, form);

  // The new card checks the new member in.
  await page.getByRole('button', { name: '为该会员签到' }).click();
  await waitOutReaderDebounce(page);
  await tapCardUnfocused(page, firstCard);
  await expectDecision(page, 'green', '欢迎光临', name);

  // Reported lost (挂失): the door refuses it with its own reason.
  await openMemberBySearch(page, memberNo, name);
  await openMemberTab(page, '卡片');
  await page.getByRole('list', { name: '卡片列表' }).getByRole('button', { name: '挂失' }).click();
  await dialog(page, '挂失').getByRole('button', { name: '确认挂失' }).click();
  await expect(page.getByRole('list', { name: '卡片列表' }).getByRole('listitem').first()).toContainText('已挂失');
  await waitOutReaderDebounce(page);
  await tapCardUnfocused(page, firstCard);
  await expectDecision(page, 'red', '拒绝入场', '卡已挂失');

  // A replacement card, bound by a tap in the dialog.
  await page.getByRole('button', { name: '会员详情' }).click();
  await openMemberTab(page, '卡片');
  await page.getByRole('button', { name: '绑定新卡' }).click();
  const bind = dialog(page, '绑定新卡');
  await expect(bind.getByRole('status', { name: '读卡状态' })).toBeFocused();
  await typeLikeReader(page, typedDigits(secondCard));
  await expect(bind.getByRole('status', { name: '读卡状态' })).toContainText(secondCard);
  await bind.getByRole('button', { name: '确认绑定' }).click();
  await expect(bind).toBeHidden();

  // The manager takes the desk: freeze → refused at the door.
  await signInAs(page, 'manager');
  await openMemberBySearch(page, memberNo, name);
  await page.getByRole('button', { name: '暂停', exact: true }).click();
  const freeze = dialog(page, '暂停会籍');
  await pickDate(page, freeze.getByLabel('结束日期（含当天）'), '2026-12-06');
  await freeze.getByRole('textbox', { name: '暂停原因' }).fill('外地出差两周');
  await freeze.getByRole('button', { name: '确认暂停' }).click();
  await expect(freeze).toBeHidden();
  await waitOutReaderDebounce(page);
  await tapCardUnfocused(page, secondCard);
  await expectDecision(page, 'red', '拒绝入场', '会籍已暂停');
  await expect(banner(page)).toContainText(name);

  // Renew: validity runs on from the current (freeze-extended) end, with the payment recorded.
  await page.getByRole('button', { name: '会员详情' }).click();
  await page.getByRole('button', { name: '续费', exact: true }).click();
  const renew = dialog(page, '续费');
  await renew.getByRole('combobox', { name: '续费卡种' }).click();
  await page.getByTitle('年卡 · ¥2,999.00').click();
  await renew.getByRole('button', { name: '确认续费' }).click();
  await expect(renew).toBeHidden();
  const history = page.getByRole('region', { name: '会籍变动记录' });
  await expect(history.getByRole('listitem').first()).toContainText('续费');
  await expect(history.getByRole('listitem').first()).toContainText('¥2,999.00');
  await openMemberTab(page, '消费记录');
  await expect(page.getByRole('tabpanel', { name: /消费记录/ })).toContainText('¥2,999.00');

  // Reveal the masked ID number, then find the reveal in the audit log.
  const field = memberProfile(page).locator('[data-field="idCard"]');
  await expect(field).toHaveText(`${idCard.slice(0, 3)}${'*'.repeat(11)}${idCard.slice(-4)}`);
  await page.getByRole('button', { name: '显示完整的身份证号' }).click();
  await expect(field).toHaveText(idCard);

  await openScreen(page, '店务管理');
  await openManageTab(page, '审计日志');
  const log = managePage(page);
  const revealRow = log.getByRole('row').filter({ hasText: '查看敏感信息' }).first();
  await expect(revealRow).toContainText('张伟');
  await expect(revealRow).toContainText('field=idCard');
  // The audit row holds the field's name, never the number.
  await expect(log).not.toContainText(idCard);
});
