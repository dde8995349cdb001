import { expect, test } from '@playwright/test';
import { snap } from './support/screenshots';
import {
  DEMO_UNKNOWN_CARD,
  banner,
  expectDecision,
  featured,
  memberPanel,
  openDesk,
  switchLanguage,
  tapCard,
  typedDigits,
  type FeaturedKey,
} from './support/desk';

/**
 * Spec 1 — a card tap per featured demo member, typed like a keyboard reader (dec10 digits a few
 * ms apart, then Enter), checking the decision colour and words and the member panel.
 * The clock is pinned at 2026-11-23 08:30 Shanghai (playwright.config.ts).
 */
interface Case {
  key: FeaturedKey;
  color: 'green' | 'yellow' | 'red';
  banner: string[];
  tier: string;
  /** Remaining free classes as shown; omitted where another spec books classes for the member. */
  quota?: string;
  card?: 'card' | 'lostCard';
}

const CASES: Case[] = [
  { key: 'green', color: 'green', banner: ['欢迎光临', '签到成功'], tier: '黄金会员', quota: '剩余 6 / 6 次' },
  { key: 'expiring', color: 'yellow', banner: ['请注意', '即将到期', '会籍将于 3 天后到期（2026-11-26）'], tier: '白银会员', quota: '剩余 4 / 4 次' },
  { key: 'expired', color: 'red', banner: ['拒绝入场', '会籍已过期', '会籍已于 2026-11-08 到期'], tier: '青铜会员', quota: '剩余 2 / 2 次' },
  { key: 'frozen', color: 'red', banner: ['拒绝入场', '会籍已暂停'], tier: '白银会员', quota: '剩余 4 / 4 次' },
  { key: 'lost', color: 'red', banner: ['拒绝入场', '卡已挂失', '此卡已挂失'], tier: '黄金会员', quota: '剩余 6 / 6 次', card: 'lostCard' },
  { key: 'birthday', color: 'green', banner: ['欢迎光临', '今日生日'], tier: '钻石会员', quota: '不限次' },
  { key: 'medical', color: 'yellow', banner: ['请注意', '医疗提示', '健康备注'], tier: '白银会员' },
  { key: 'tierChanged', color: 'yellow', banner: ['请注意', '等级变更', '等级已从白银升为黄金'], tier: '黄金会员', quota: '剩余 6 / 6 次' },
  { key: 'notStarted', color: 'red', banner: ['拒绝入场', '会籍未生效', '2026-11-28 起可入场'], tier: '青铜会员', quota: '剩余 2 / 2 次' },
  { key: 'quotaUsed', color: 'green', banner: ['欢迎光临'], tier: '青铜会员', quota: '剩余 0 / 2 次' },
];

test.describe('card taps on the keyboard reader', () => {
  test('empty desk asks for a card before the first tap', async ({ page }) => {
    await openDesk(page);
    await expect(page.getByRole('status', { name: '签到结果' })).toContainText('请刷卡或搜索会员');
    await expect(page.getByText('等待首次刷卡')).toBeVisible();
    await snap(page, 'zh-empty');
  });

  for (const c of CASES) {
    const m = featured(c.key);
    test(`${m.memberNo} ${c.key} → ${c.color}`, async ({ page }) => {
      await openDesk(page);
      const uid = c.card === 'lostCard' ? m.lostCard! : m.card;
      await tapCard(page, uid);

      await expect(banner(page)).toContainText(m.name);
      await expectDecision(page, c.color, ...c.banner);

      const panel = memberPanel(page);
      await expect(panel.getByRole('heading', { name: m.name })).toBeVisible();
      await expect(panel).toContainText(m.memberNo);
      await expect(panel).toContainText(c.tier);
      if (c.quota) await expect(panel.getByRole('region', { name: '团课签到' })).toContainText(c.quota);
      // The phone is masked on screen: never the whole number.
      await expect(panel).toContainText(/138\*{4}\d{4}/);

      if (c.key === 'medical') await expect(panel.getByRole('note', { name: '医疗提示' })).toBeVisible();
      else await expect(panel.getByRole('note', { name: '医疗提示' })).toHaveCount(0);
      // Only a denial offers 准许入场.
      await expect(page.getByRole('button', { name: '准许入场', exact: true })).toHaveCount(c.color === 'red' ? 1 : 0);
      // The keyboard reader now has a last-read time in the header.
      await expect(page.getByText(/最近读卡 \d\d:\d\d/)).toBeVisible();

      await snap(page, `zh-${c.color}-${c.key}`, c.key === 'green' ? 'desk-zh.png' : undefined);
      if (c.key === 'green') {
        // The same screen in English, for the docs.
        await switchLanguage(page, 'English');
        await expect(banner(page)).toContainText('Welcome');
        await snap(page, 'en-green', 'desk-en.png');
      }
    });
  }

  test('gold member panel lists benefits the way the desk says them', async ({ page }) => {
    const m = featured('tierChanged');
    await openDesk(page);
    await tapCard(page, m.card);
    const benefits = memberPanel(page).getByRole('region', { name: '会员权益' });
    // Gold: courses 90% → 9折, personal training 95% → 95折, products 80% → 8折, 6 free classes.
    await expect(benefits).toContainText('课程9折');
    await expect(benefits).toContainText('私教95折');
    await expect(benefits).toContainText('商品8折');
    await expect(benefits).toContainText('6 次');
    await expect(benefits.getByRole('listitem')).toContainText(['基础设施使用', '热门器械与区域优先预约', '专属课程顾问', '私人储物柜']);
  });

  test(`unknown card → grey 未登记的卡 with the card number`, async ({ page }) => {
    await openDesk(page);
    await tapCard(page, DEMO_UNKNOWN_CARD);
    await expectDecision(page, 'grey', '未登记的卡', `卡号 ${typedDigits(DEMO_UNKNOWN_CARD)}`);
    await expect(memberPanel(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: '准许入场', exact: true })).toHaveCount(0);
    await snap(page, 'zh-grey-unknown');
  });
});
