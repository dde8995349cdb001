import { expect, test } from '@playwright/test';
import { idCardCheckChar } from '../../core/members/idCard';
import { banner, bannerFrame, expectDecision, featured, openDesk, switchLanguage, tapCard } from './support/desk';
import { contractCall, dialog, memberProfile, memberShot, openMemberBySearch, openMembersScreen, openMemberTab, pickDate, registerMember, tapCardUnfocused, waitOutReaderDebounce } from './support/memberPage';

/**
 * Spec 15 — the member page (会员) for staff: masked profile and the audited reveal, cards
 * (挂失, 绑卡 by tapping), the membership lifecycle (暂停, 解除暂停, 续费) as the door sees it,
 * consumption entry, and English. The server is shared by the whole run, so this spec changes
 * demo members the later specs do not rely on, and leaves M000001 unfrozen again.
 */
test.describe('member page', () => {
  test('reception: masked phone, no reveal; report a card lost, the door refuses it; bind a new card by tapping', async ({ page }) => {
    const m = featured('birthday');
    await openDesk(page, 'reception');
    await openMemberBySearch(page, m.memberNo, m.name);
    const profile = memberProfile(page);
    await expect(profile.locator('[data-field="phone"]')).toHaveText(/^1[0-9]{2}\*{4}[0-9]{4}$/);
    // Reception may not reveal: no 显示 button anywhere.
    await expect(page.getByRole('button', { name: /^显示/ })).toHaveCount(0);
    await memberShot(page, 'reception-zh');

    await openMemberTab(page, '卡片');
    const cards = page.getByRole('list', { name: '卡片列表' });
    await expect(cards.getByRole('listitem').first()).toContainText(m.card);
    await expect(cards.getByRole('listitem').first()).toContainText('使用中');
    await cards.getByRole('button', { name: '挂失' }).click();
    const lost = dialog(page, '挂失');
    await expect(lost).toContainText(m.card);
    await lost.getByRole('button', { name: '确认挂失' }).click();
    await expect(lost).toBeHidden();
    await expect(cards.getByRole('listitem').first()).toContainText('已挂失');

    // The lost card at the door: red, with the lost-card reason (reason.CARD_LOST_lost).
    await tapCardUnfocused(page, m.card);
    await expectDecision(page, 'red', '拒绝入场', '卡已挂失', '此卡已挂失，请收回并核实会员身份');

    // The desk's 会员详情 opens the same member's page.
    await page.getByRole('button', { name: '会员详情' }).click();
    await expect(page.locator('.mp-name')).toHaveText(m.name);
    await openMemberTab(page, '卡片');
    await page.getByRole('button', { name: '绑定新卡' }).click();
    const bind = dialog(page, '绑定新卡');
    await expect(bind).toContainText('请会员在读卡器上刷新卡');
    await expect(bind.getByRole('button', { name: '确认绑定' })).toBeDisabled();
    const newCard = '7E220001';
    // While the dialog is open the tap is claimed: no check-in, the number shows in the dialog.
    await expect(bind.getByRole('status', { name: '读卡状态' })).toBeFocused();
    await tapCard(page, newCard);
    await expect(bind.getByRole('status', { name: '读卡状态' })).toContainText(newCard);
    await memberShot(page, 'bind-card-zh');
    await bind.getByRole('button', { name: '确认绑定' }).click();
    await expect(bind).toBeHidden();
    await expect(page.getByText('新卡已绑定')).toBeVisible();
    await expect(page.getByRole('list', { name: '卡片列表' }).getByRole('listitem').first()).toContainText(newCard);
    await expect(page.getByRole('list', { name: '卡片列表' }).getByRole('listitem').first()).toContainText('使用中');

    await waitOutReaderDebounce(page);
    await tapCardUnfocused(page, newCard);
    await expect(bannerFrame(page)).toHaveAttribute('data-decision', /^(green|yellow)$/);
    await expect(banner(page)).toContainText(m.name);
  });

  test('manager: freeze → refused at the door; unfreeze → admitted; renew an expired member → admitted; history lists each', async ({ page }) => {
    const green = featured('green');
    await openDesk(page, 'manager');
    await openMemberBySearch(page, green.memberNo, green.name);
    await page.getByRole('button', { name: '暂停', exact: true }).click();
    const freeze = dialog(page, '暂停会籍');
    await expect(freeze).toContainText('最长暂停 90 天');
    // From today (the default) for a week.
    await pickDate(page, freeze.getByLabel('结束日期（含当天）'), '2026-11-29');
    await expect(freeze).toContainText('共暂停 7 天');
    await freeze.getByRole('textbox', { name: '暂停原因' }).fill('出差一周');
    await memberShot(page, 'freeze-zh');
    await freeze.getByRole('button', { name: '确认暂停' }).click();
    await expect(freeze).toBeHidden();
    await expect(page.getByLabel('会籍状态')).toHaveText('已暂停');

    await tapCardUnfocused(page, green.card);
    await expectDecision(page, 'red', '拒绝入场', '会籍已暂停', '会籍暂停中（冻结），解冻后方可入场');

    await openMemberBySearch(page, green.memberNo, green.name);
    await page.getByRole('button', { name: '解除暂停', exact: true }).click();
    const unfreeze = dialog(page, '解除暂停');
    await expect(unfreeze).toContainText('未使用的 7 天');
    await unfreeze.getByRole('button', { name: '确认解除' }).click();
    await expect(unfreeze).toBeHidden();
    await expect(page.getByLabel('会籍状态')).toHaveText('有效');
    const history = page.getByRole('region', { name: '会籍变动记录' });
    await expect(history.getByRole('listitem').nth(0)).toContainText('解除暂停');
    await expect(history.getByRole('listitem').nth(0)).toContainText('张伟');
    await expect(history.getByRole('listitem').nth(1)).toContainText('暂停会籍：2026-11-23 至 2026-11-29（7 天）');
    await expect(history.getByRole('listitem').nth(1)).toContainText('原因：出差一周');
    await memberShot(page, 'history-zh');

    await waitOutReaderDebounce(page);
    await tapCardUnfocused(page, green.card);
    await expect(bannerFrame(page)).toHaveAttribute('data-decision', /^(green|yellow)$/);
    await expect(banner(page)).toContainText(green.name);

    const expired = featured('expired');
    await openMemberBySearch(page, expired.memberNo, expired.name);
    await expect(page.getByLabel('会籍状态')).toHaveText('已过期');
    await page.getByRole('button', { name: '续费', exact: true }).click();
    const renew = dialog(page, '续费');
    await renew.getByRole('combobox', { name: '续费卡种' }).click();
    await page.getByTitle('年卡 · ¥2,999.00').click();
    await expect(renew.getByRole('spinbutton', { name: '实收金额（元）' })).toHaveValue('2999.00');
    // Lapsed: the year starts today.
    await expect(renew).toContainText('续费后新增有效期：2026-11-23 至 2027-11-22');
    await memberShot(page, 'renew-zh');
    await renew.getByRole('button', { name: '确认续费' }).click();
    await expect(renew).toBeHidden();
    await expect(page.getByLabel('会籍状态')).toHaveText('有效');
    const renewed = page.getByRole('region', { name: '会籍变动记录' }).getByRole('listitem').first();
    await expect(renewed).toContainText('续费：2026-11-23 至 2027-11-22');
    await expect(renewed).toContainText('¥2,999.00');
    await expect(renewed).toContainText('张伟');
    await memberShot(page, 'manager-zh', 'member-page-zh.png');

    await tapCardUnfocused(page, expired.card);
    await expect(bannerFrame(page)).toHaveAttribute('data-decision', /^(green|yellow)$/);
    await expect(banner(page)).toContainText(expired.name);
  });

  test('manager: reveal an ID number; the reveal is in the audit log', async ({ page }) => {
    await openDesk(page, 'manager');
    const first17 = '11010119900307123';
    const idCard = first17 + idCardCheckChar(first17);
    const registered = await registerMember(page, { name: '林晓测', phone: '16612348765', idCard, plan: { code: 'year', amountFen: 299_900 } });

    await openMemberBySearch(page, registered.memberNo, '林晓测');
    const field = memberProfile(page).locator('[data-field="idCard"]');
    await expect(field).toHaveText(`110${'*'.repeat(11)}${idCard.slice(-4)}`);
    await expect(memberProfile(page)).toContainText('记入审计日志');
    await expect(memberProfile(page)).toContainText('会员已同意');
    await page.getByRole('button', { name: '显示完整的身份证号' }).click();
    await expect(field).toHaveText(idCard);

    const rows = await contractCall<{ details: Record<string, unknown> }[]>(page, 'audit.recent', { action: 'member.reveal', entityId: registered.memberId });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details.field).toBe('idCard');

    // Leaving the page forgets the revealed value.
    await openMembersScreen(page);
    await openMemberBySearch(page, registered.memberNo, '林晓测');
    await expect(field).toHaveText(`110${'*'.repeat(11)}${idCard.slice(-4)}`);
  });

  test('reception records a consumption; it is listed in yuan; a repeated receipt is refused plainly', async ({ page }) => {
    const m = featured('medical');
    await openDesk(page, 'reception');
    await openMembersScreen(page);
    await page.getByRole('textbox', { name: '查找会员' }).fill('M00000');
    await expect(page.getByRole('list', { name: '查找结果' }).getByRole('listitem')).toHaveCount(9);
    await memberShot(page, 'finder-zh');
    await openMemberBySearch(page, m.memberNo, m.name);
    await openMemberTab(page, '消费记录');
    await page.getByRole('button', { name: '记录消费' }).click();
    const record = dialog(page, '记录消费');
    await record.locator('label', { hasText: '课程' }).click();
    await record.getByRole('spinbutton', { name: '金额（元）' }).fill('128.5');
    await record.getByRole('textbox', { name: '小票号（选填）' }).fill('E2E-15-0001');
    await record.getByRole('button', { name: '保存' }).click();
    await expect(record).toBeHidden();
    const list = page.getByRole('list', { name: '消费列表' });
    await expect(list.getByRole('listitem').first()).toContainText('课程');
    await expect(list.getByRole('listitem').first()).toContainText('¥128.50');
    await expect(list.getByRole('listitem').first()).toContainText('小票号 E2E-15-0001');
    await expect(list.getByRole('listitem').first()).toContainText('王芳');

    await page.getByRole('button', { name: '记录消费' }).click();
    await record.getByRole('spinbutton', { name: '金额（元）' }).fill('20');
    await record.getByRole('textbox', { name: '小票号（选填）' }).fill('E2E-15-0001');
    await record.getByRole('button', { name: '保存' }).click();
    await expect(record).toContainText('该小票号本店已记录过');
    await memberShot(page, 'consumption-zh');
    await record.getByRole('button', { name: '取消' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(1);
  });

  test('deletion: requested at the page, approved by a manager; the erased member shows no personal data and no actions', async ({ page }) => {
    await openDesk(page, 'manager');
    const registered = await registerMember(page, { name: '注销测', phone: '16612340099' });
    await openMemberBySearch(page, registered.memberNo, '注销测');
    await page.getByRole('button', { name: '申请注销会员' }).click();
    const request = dialog(page, '申请注销会员');
    await expect(request).toContainText('注销需店长审批');
    const reason = request.getByRole('textbox', { name: '注销原因' });
    // The reason outlives the erasure: a phone number in it is refused, in words.
    await reason.fill('会员来电 16612340099 要求注销');
    await request.getByRole('button', { name: '提交注销申请' }).click();
    await expect(request).toContainText('原因中不能包含身份证号或手机号');
    await reason.fill('会员本人到店书面申请');
    await memberShot(page, 'deletion-zh');
    await request.getByRole('button', { name: '提交注销申请' }).click();
    await expect(request).toBeHidden();
    const block = page.getByRole('region', { name: '注销会员' });
    await expect(block).toContainText('注销申请待店长审批');
    await expect(block).toContainText('会员本人到店书面申请');
    await expect(page.getByRole('button', { name: '申请注销会员' })).toHaveCount(0);

    const pending = await contractCall<{ id: string; memberId: string }[]>(page, 'members.deletionRequests', {});
    const mine = pending.find((r) => r.memberId === registered.memberId);
    expect(mine).toBeTruthy();
    await contractCall(page, 'members.decideDeletion', { requestId: mine?.id, approve: true });

    // Erased members are not found by search any more; the open page refreshes to the erased state.
    await page.getByRole('button', { name: '刷新' }).click();
    await expect(page.locator('.mp-name')).toHaveText('已注销会员');
    await expect(page.getByText('已注销（个人信息已删除）').first()).toBeVisible();
    await expect(page.getByRole('region', { name: '个人资料' })).toHaveCount(0);
    for (const action of ['续费', '暂停', '注销会籍', '申请注销会员']) await expect(page.getByRole('button', { name: action, exact: true })).toHaveCount(0);
    await openMemberTab(page, '消费记录');
    await expect(page.getByRole('button', { name: '记录消费' })).toHaveCount(0);
    await memberShot(page, 'erased-zh');
  });

  test('manager: refund requested, rejected, requested again and approved (the membership ends); cancel needs the member number typed', async ({ page }) => {
    await openDesk(page, 'manager');
    const refunded = await registerMember(page, { name: '退费测', phone: '16612340077' });
    await openMemberBySearch(page, refunded.memberNo, '退费测');
    const askRefund = async (amount: string, reason: string) => {
      await page.getByRole('button', { name: '申请退费', exact: true }).click();
      const request = dialog(page, '申请退费');
      await request.getByRole('spinbutton', { name: '退费金额（元）' }).fill(amount);
      await request.getByRole('textbox', { name: '退费原因' }).fill(reason);
      await request.getByRole('button', { name: '提交申请' }).click();
      await expect(request).toBeHidden();
      await expect(page.getByText('退费待审批')).toBeVisible();
      // One request at a time: no second request while this one waits.
      await expect(page.getByRole('button', { name: '申请退费', exact: true })).toHaveCount(0);
    };
    await askRefund('500', '会员搬家');
    await page.getByRole('button', { name: '审批退费' }).click();
    const decide = dialog(page, '审批退费');
    await expect(decide).toContainText('¥500.00');
    await expect(decide).toContainText('会员搬家');
    await decide.locator('label', { hasText: '驳回' }).click();
    await decide.getByRole('textbox', { name: '审批备注（选填）' }).fill('已超过退费期限');
    await decide.getByRole('button', { name: '确认驳回' }).click();
    await expect(decide).toBeHidden();
    const history = page.getByRole('region', { name: '会籍变动记录' });
    await expect(history.getByRole('listitem').first()).toContainText('退费已驳回');
    await expect(history.getByRole('listitem').first()).toContainText('已超过退费期限');

    await askRefund('300', '会员长期出国');
    await page.getByRole('button', { name: '审批退费' }).click();
    await decide.locator('label', { hasText: '批准退费' }).click();
    await expect(decide).toContainText('批准后「季卡」将立即注销');
    await decide.getByRole('button', { name: '批准并注销会籍' }).click();
    await expect(decide).toBeHidden();
    await expect(page.getByLabel('会籍状态')).toHaveText('已注销');
    await expect(history).toContainText('退费已批准');
    await expect(history).toContainText('¥300.00');
    await expect(history).toContainText('会籍已注销');
    for (const action of ['续费', '暂停', '申请退费', '注销会籍']) await expect(page.getByRole('button', { name: action, exact: true })).toHaveCount(0);

    const cancelled = await registerMember(page, { name: '注销会籍测', phone: '16612340066' });
    await openMemberBySearch(page, cancelled.memberNo, '注销会籍测');
    await page.getByRole('button', { name: '注销会籍', exact: true }).click();
    const cancel = dialog(page, '注销会籍');
    await cancel.getByRole('textbox', { name: '注销原因' }).fill('会员转卡至其他门店');
    await expect(cancel.getByRole('button', { name: '确认注销' })).toBeDisabled();
    await cancel.getByRole('textbox', { name: `请输入会员号 ${cancelled.memberNo} 以确认` }).fill(cancelled.memberNo.toLowerCase());
    await cancel.getByRole('button', { name: '确认注销' }).click();
    await expect(cancel).toBeHidden();
    await expect(page.getByLabel('会籍状态')).toHaveText('已注销');
    await expect(page.getByRole('region', { name: '会籍变动记录' }).getByRole('listitem').first()).toContainText('原因：会员转卡至其他门店');
  });

  test('English: the page renders with English labels', async ({ page }) => {
    const m = featured('tierChanged');
    await openDesk(page, 'manager');
    await switchLanguage(page, 'English');
    await openMembersScreen(page);
    await expect(page.getByRole('heading', { name: 'Find a member' })).toBeVisible();
    await openMemberBySearch(page, m.memberNo, m.name);
    await expect(memberProfile(page)).toContainText('ID number');
    await expect(page.getByRole('button', { name: 'Show Phone in full' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Membership' })).toBeVisible();
    await expect(page.getByRole('tab', { name: /^Cards/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Freeze', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Membership history' })).toBeVisible();
    await memberShot(page, 'manager-en', 'member-page-en.png');
    // Reception monitors at 1920×1080: the desk zooms, the page keeps its layout.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await memberShot(page, 'manager-en-1080');
    await switchLanguage(page, '简体中文');
  });
});
