import { TIER_CODES } from '../../core/tiers/catalog';
import { BulkInserter } from './bulk';
import { generatedCardUid } from './ids';
import { DAY, type GenContext, type MemberIndex } from './members';

const HOUR = 3_600_000;
const YELLOW_REASONS = JSON.stringify([{ code: 'EXPIRING_SOON', effect: 'warn', params: {} }]);
const RED_REASONS = JSON.stringify([{ code: 'MEMBERSHIP_EXPIRED', effect: 'deny', params: {} }]);

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A multiplier coprime to n, so `(r * m) % n` permutes 0..n-1 (spreads busy members around). */
function coprimeMultiplier(n: number): number {
  for (const m of [1_000_003, 999_983, 7_368_787, 15_485_863]) if (gcd(m, n) === 1) return m;
  return 1;
}

/**
 * `count` visits over the past `days` days, in time order (so their time-ordered ids append to
 * the primary key), during opening hours 06:00–22:00 in the branch's zone (UTC+8 here, no DST).
 * Members are drawn with a skew — some come most days, most every week or two — and never
 * before they joined. The featured demo members keep exactly the visits the demo gave them.
 */
export function writeVisits(g: GenContext, members: MemberIndex, count: number, days = 730): void {
  if (count === 0) return;
  const generated = members.count - g.featured;
  if (generated <= 0) throw new Error('visits need generated members (--members above the featured ones)');
  const { rand } = g;
  const multiplier = coprimeMultiplier(generated);
  const offsetMs = 8 * HOUR;
  const startMs = g.nowMs - days * DAY;
  const spanMs = days * DAY - DAY; // ends yesterday: nothing today, so the bench's first taps are fresh
  const visit = new BulkInserter(g.sqlite, 'visit', ['id', 'member_id', 'branch_id', 'device_id', 'staff_id', 'source', 'card_uid', 'occurred_at', 'admitted', 'color', 'reasons', 'tier_code']);
  const branches = [g.branchId, g.otherBranchId];
  const staff = g.receptionStaffIds;

  for (let start = 0; start < count; start += g.batchRows) {
    const end = Math.min(count, start + g.batchRows);
    g.sqlite.exec('BEGIN');
    for (let k = start; k < end; k++) {
      // Strictly increasing: k + r < k + 1 + r' for r, r' in [0, 1).
      const t = startMs + ((k + rand()) * spanMs) / count;
      const local = t + offsetMs;
      const dayStart = Math.floor(local / DAY) * DAY;
      const at = dayStart + 6 * HOUR + ((local - dayStart) / DAY) * 16 * HOUR - offsetMs;

      let i = 0;
      for (let attempt = 0; attempt < 8; attempt++) {
        const r = Math.floor(generated * Math.pow(rand(), 1.3));
        i = g.featured + ((r * multiplier) % generated);
        if (members.joinedMs[i]! <= at) break;
      }
      const c = rand();
      const [admitted, color, reasons] = c < 0.95 ? [1, 'green', '[]'] : c < 0.985 ? [1, 'yellow', YELLOW_REASONS] : [0, 'red', RED_REASONS];
      const byCard = rand() < 0.9;
      const tier = at >= members.tierEffectiveMs ? members.tier[i]! : members.previousTier[i]!;
      visit.add([
        g.ids.next(at), members.ids[i], rand() < 0.92 ? branches[members.home[i]!] : branches[1 - members.home[i]!],
        g.deviceId, staff[k % staff.length] ?? null, byCard ? 'card' : 'manual', byCard ? generatedCardUid(i) : null,
        new Date(at).toISOString(), admitted, color, reasons, TIER_CODES[tier],
      ]);
    }
    visit.flush();
    g.sqlite.exec('COMMIT');
    g.progress.advance(end - start);
  }
}
