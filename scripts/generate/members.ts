import type Database from 'better-sqlite3';
import { TIER_CODES, type TierCode } from '../../core/tiers/catalog';
import { addDays, localParts, quarterLabel } from '../../core/time/localDate';
import { FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, PLANS } from '../../services/demo/names';
import { intBetween, pick } from '../../services/demo/random';
import { BulkInserter, type Progress } from './bulk';
import { generatedCardUid, generatedMemberNo, type SequentialIds } from './ids';

export const DAY = 86_400_000;

/** What the generator knows of the seeded chain, and its fixed "now". */
export interface GenContext {
  sqlite: Database.Database;
  ids: SequentialIds;
  rand: () => number;
  nowMs: number;
  timeZone: string;
  branchId: string;
  otherBranchId: string;
  deviceId: string;
  receptionStaffIds: readonly string[];
  /** Members 0..featured-1 are the demo's featured members, seeded by seedDemoData. */
  featured: number;
  batchRows: number;
  progress: Progress;
}

/** Per-member facts the visit generator needs, kept in memory instead of re-read. */
export interface MemberIndex {
  count: number;
  ids: string[];
  joinedMs: Float64Array;
  /** Index into TIER_CODES of the current and of the previous quarter's tier. */
  tier: Uint8Array;
  previousTier: Uint8Array;
  home: Uint8Array;
  /** When the current quarter's tier took effect (visits before it carry the previous tier). */
  tierEffectiveMs: number;
}

function tierIndex(r: number): number {
  return r < 0.4 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
}

type MembershipPlan = { status: 'active' | 'frozen' | 'expired' | 'cancelled'; from: number; to: number } | null;

/** Spread over every status the desk decides on, in roughly a real chain's proportions. */
function membershipPlan(rand: () => number): MembershipPlan {
  const s = rand();
  if (s < 0.02) return null;
  if (s < 0.76) return { status: 'active', from: -intBetween(rand, 10, 330), to: intBetween(rand, 8, 360) };
  if (s < 0.82) return { status: 'active', from: -intBetween(rand, 300, 360), to: intBetween(rand, 0, 7) };
  if (s < 0.89) return { status: 'active', from: -intBetween(rand, 400, 700), to: -intBetween(rand, 1, 200) };
  if (s < 0.91) return { status: 'expired', from: -intBetween(rand, 400, 700), to: -intBetween(rand, 1, 200) };
  if (s < 0.95) return { status: 'frozen', from: -intBetween(rand, 30, 200), to: intBetween(rand, 30, 300) };
  if (s < 0.98) return { status: 'cancelled', from: -intBetween(rand, 30, 200), to: intBetween(rand, 30, 300) };
  return { status: 'active', from: intBetween(rand, 1, 30), to: intBetween(rand, 60, 400) };
}

/**
 * Members featured..count-1 with a membership, an active card (2% also an older lost one) and
 * two quarters of tier results. Joined times rise with the index, as member numbers do in a
 * chain, so the ids (time-ordered) and member numbers are appended to their indexes.
 */
export function writeMembers(g: GenContext, count: number): MemberIndex {
  const { rand, nowMs, timeZone } = g;
  const nowIso = new Date(nowMs).toISOString();
  const today = localParts(nowIso, timeZone).date;
  const currentQuarter = quarterLabel(nowIso, timeZone, 1);
  const previousQuarter = quarterLabel(nowIso, timeZone, 2);
  const tierEffectiveMs = nowMs - 20 * DAY;
  const previousEffective = new Date(nowMs - 110 * DAY).toISOString();
  const currentEffective = new Date(tierEffectiveMs).toISOString();

  const member = new BulkInserter(g.sqlite, 'member', ['id', 'member_no', 'name', 'gender', 'birthday', 'phone', 'phone_tail', 'home_branch_id', 'photo', 'medical_alert', 'fitness_goal', 'created_at', 'updated_at']);
  const membership = new BulkInserter(g.sqlite, 'membership', ['id', 'member_id', 'plan_name', 'starts_on', 'valid_until', 'status', 'created_at', 'updated_at']);
  const card = new BulkInserter(g.sqlite, 'card_binding', ['id', 'card_uid', 'w26_key', 'member_id', 'status', 'bound_at', 'ended_at']);
  const tier = new BulkInserter(g.sqlite, 'member_tier', ['id', 'member_id', 'quarter', 'tier_code', 'score', 'effective_at']);

  const index: MemberIndex = {
    count,
    ids: new Array<string>(count).fill(''),
    joinedMs: new Float64Array(count),
    tier: new Uint8Array(count),
    previousTier: new Uint8Array(count),
    home: new Uint8Array(count),
    tierEffectiveMs,
  };
  // Joined between ~3 years and 40 days ago.
  const firstJoin = nowMs - 1100 * DAY;
  const joinSpan = nowMs - 40 * DAY - firstJoin;
  const generated = Math.max(1, count - g.featured);

  for (let start = g.featured; start < count; start += g.batchRows) {
    const end = Math.min(count, start + g.batchRows);
    g.sqlite.exec('BEGIN');
    for (let i = start; i < end; i++) {
      const joinedMs = firstJoin + ((i - g.featured + rand()) * joinSpan) / generated;
      const joined = new Date(joinedMs).toISOString();
      const id = g.ids.next(joinedMs);
      const female = rand() < 0.62;
      const phone = `1${pick(rand, ['38', '39', '58', '59', '86', '88', '36', '77'])}${String(intBetween(rand, 0, 99_999_999)).padStart(8, '0')}`;
      const birthday = `${intBetween(rand, 1960, 2007)}-${String(intBetween(rand, 1, 12)).padStart(2, '0')}-${String(intBetween(rand, 1, 28)).padStart(2, '0')}`;
      const home = rand() < 0.9 ? 0 : 1;
      member.add([
        id, generatedMemberNo(i), pick(rand, FAMILY_NAMES) + pick(rand, female ? GIVEN_FEMALE : GIVEN_MALE), female ? 'female' : 'male',
        birthday, phone, phone.slice(-4), home === 0 ? g.branchId : g.otherBranchId, null, rand() < 0.05 ? 1 : 0, null, joined, joined,
      ]);

      const plan = membershipPlan(rand);
      if (plan) {
        membership.add([g.ids.next(joinedMs), id, pick(rand, PLANS), addDays(today, plan.from), addDays(today, plan.to), plan.status, joined, joined]);
      }

      const uid = generatedCardUid(i);
      const w26 = w26Key(uid);
      if (rand() < 0.02) {
        // An older card reported lost: same low 24 bits under another top byte, so a W26 read of
        // either resolves (newest binding first) to this member's active card.
        const lost = `5C${uid.slice(2)}`;
        const lostAt = Math.min(nowMs - DAY, joinedMs + (nowMs - joinedMs) * 0.6);
        card.add([g.ids.next(joinedMs), lost, w26, id, 'lost', joined, new Date(lostAt).toISOString()]);
        card.add([g.ids.next(lostAt), uid, w26, id, 'active', new Date(lostAt).toISOString(), null]);
      } else {
        card.add([g.ids.next(joinedMs), uid, w26, id, 'active', joined, null]);
      }

      const current = tierIndex(rand());
      const previous = rand() < 0.15 ? tierIndex(rand()) : current;
      for (const [quarter, t, at, atMs] of [
        [previousQuarter, previous, previousEffective, nowMs - 110 * DAY],
        [currentQuarter, current, currentEffective, tierEffectiveMs],
      ] as const) {
        const score = Math.round(([30, 60, 75, 90][t]! + rand() * [29, 14, 14, 10][t]!) * 10) / 10;
        tier.add([g.ids.next(atMs), id, quarter, TIER_CODES[t] as TierCode, score, at]);
      }

      index.ids[i] = id;
      index.joinedMs[i] = joinedMs;
      index.tier[i] = current;
      index.previousTier[i] = previous;
      index.home[i] = home;
    }
    member.flush();
    membership.flush();
    card.flush();
    tier.flush();
    g.sqlite.exec('COMMIT');
    const rows = member.rows + membership.rows + card.rows + tier.rows;
    member.rows = membership.rows = card.rows = tier.rows = 0;
    g.progress.advance(rows);
  }
  return index;
}

/** w26KeyOfUid for a known-good 8-digit UID, without its validation (hot loop). */
function w26Key(uid: string): string {
  const facility = Number.parseInt(uid.slice(2, 4), 16);
  const number = Number.parseInt(uid.slice(4, 8), 16);
  return `${String(facility).padStart(3, '0')}${String(number).padStart(5, '0')}`;
}
