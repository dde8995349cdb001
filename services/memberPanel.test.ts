import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURED_MEMBERS } from './demo/featured';
import { MemberPanelReader } from './memberPanel';
import { openTempKiosk, type TempKiosk } from './testing/tempKiosk';

/** The panel's cached branch names on a real kiosk database: filled on a miss, reloaded when a pull writes branches. */
let k: TempKiosk;
let panels: MemberPanelReader;
beforeEach(async () => {
  k = await openTempKiosk({ syncDisabled: true });
  panels = new MemberPanelReader(k.ctx);
  await panels.load();
});
afterEach(async () => {
  await k.dispose();
});

const sqlite = () => k.ctx.kdb.sqlite;
const homeBranchName = (memberId: string) => panels.read(memberId, k.clock.now().toISOString()).member.homeBranchName;

describe('member panel branch names', () => {
  it('names a branch that arrived after the cache was filled, and a renamed one once told branches changed', () => {
    const memberId = sqlite().prepare('SELECT id FROM member WHERE member_no = ?').pluck().get(FEATURED_MEMBERS[0]!.memberNo) as string;
    expect(homeBranchName(memberId)).not.toBe(''); // the cache is warm from here on

    // As a pull would write them: a new branch, and the member moved to it.
    const branchId = randomUUID();
    sqlite().prepare("INSERT INTO branch (id, code, name, time_zone, version) VALUES (?, 'T-NEW', '新开的店', 'Asia/Shanghai', 1)").run(branchId);
    sqlite().prepare('UPDATE member SET home_branch_id = ? WHERE id = ?').run(branchId, memberId);
    expect(homeBranchName(memberId)).toBe('新开的店');

    sqlite().prepare("UPDATE branch SET name = '改了名的店', version = 2 WHERE id = ?").run(branchId);
    expect(homeBranchName(memberId)).toBe('新开的店'); // warm: no read per panel
    panels.syncApplied(new Set(['member']));
    expect(homeBranchName(memberId)).toBe('新开的店');
    panels.syncApplied(new Set(['branch']));
    expect(homeBranchName(memberId)).toBe('改了名的店');
  });
});
