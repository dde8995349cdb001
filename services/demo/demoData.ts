import { w26KeyOfUid } from '../../core/cards/cardNumber';
import type { TierCode } from '../../core/tiers/catalog';
import { TIER_CODES } from '../../core/tiers/catalog';
import { addDays, localParts, quarterLabel } from '../../core/time/localDate';
import type { KioskDatabase } from '../../db/connection';
import type { Clock, IdGenerator } from '../ports';
import { DEMO_STAFF } from './demoStaff';
import { FEATURED_MEMBERS, type FeaturedMember } from './featured';
import { CLASS_NAMES, FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, PLANS } from './names';
import { intBetween, pick, seededRandom } from './random';
import { zonedTime } from './zonedTime';

export const DEMO_BRANCH = { code: 'SH-JA-01', name: '悦动健身 · 静安寺店', timeZone: 'Asia/Shanghai' } as const;
const OTHER_BRANCH = { code: 'SH-XH-02', name: '悦动健身 · 徐汇滨江店', timeZone: 'Asia/Shanghai' } as const;
const DAY = 86_400_000;

interface Scenario extends Omit<FeaturedMember, 'key'> {
  phone: string;
  birthday: string;
}

function randomScenario(rand: () => number, i: number, today: string): Scenario {
  const gender = rand() < 0.62 ? 'female' : 'male';
  const name = pick(rand, FAMILY_NAMES) + pick(rand, gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
  const r = rand();
  const tier: TierCode = r < 0.4 ? 'bronze' : r < 0.7 ? 'silver' : r < 0.9 ? 'gold' : 'diamond';
  const s = rand();
  const membership: Scenario['membership'] =
    s < 0.78
      ? { status: 'active', startsInDays: -intBetween(rand, 10, 330), endsInDays: intBetween(rand, 8, 360) }
      : s < 0.84
        ? { status: 'active', startsInDays: -intBetween(rand, 300, 360), endsInDays: intBetween(rand, 0, 7) }
        : s < 0.91
          ? { status: 'active', startsInDays: -intBetween(rand, 400, 700), endsInDays: -intBetween(rand, 1, 200) }
          : s < 0.96
            ? { status: 'frozen', startsInDays: -intBetween(rand, 30, 200), endsInDays: intBetween(rand, 30, 300) }
            : { status: 'cancelled', startsInDays: -intBetween(rand, 30, 200), endsInDays: intBetween(rand, 30, 300) };
  const birthYear = intBetween(rand, 1968, 2006);
  const birthday = `${birthYear}-${String(intBetween(rand, 1, 12)).padStart(2, '0')}-${String(intBetween(rand, 1, 28)).padStart(2, '0')}`;
  return {
    memberNo: `M${String(i + 1).padStart(6, '0')}`,
    name,
    gender,
    tier,
    card: (0x5b000000 + i * 7919).toString(16).toUpperCase().padStart(8, '0'),
    membership,
    medicalAlert: rand() < 0.05,
    lastVisitDaysAgo: rand() < 0.85 ? intBetween(rand, 1, 30) : undefined,
    phone: `1${pick(rand, ['38', '39', '58', '59', '86', '88', '36', '77'])}${String(intBetween(rand, 0, 99_999_999)).padStart(8, '0')}`,
    birthday: birthday.slice(5) === today.slice(5) ? `${birthYear}-01-15` : birthday,
  };
}

/**
 * Seeds a small chain on first start: two branches, this desk, staff, today's classes and ~200
 * members over every tier and membership status, with cards, visits and class attendance.
 * Deterministic for a given clock, so screenshots and tests see the same people.
 */
export async function seedDemoData(kdb: KioskDatabase, clock: Clock, newId: IdGenerator, memberCount = 200): Promise<void> {
  const rand = seededRandom(20_261_123);
  const now = clock.now();
  const nowIso = now.toISOString();
  const tz = DEMO_BRANCH.timeZone;
  const today = localParts(nowIso, tz).date;
  const branchId = newId();
  const otherBranchId = newId();

  await kdb.db.transaction().execute(async (trx) => {
    await trx.insertInto('branch').values([
      { id: branchId, code: DEMO_BRANCH.code, name: DEMO_BRANCH.name, time_zone: tz },
      { id: otherBranchId, code: OTHER_BRANCH.code, name: OTHER_BRANCH.name, time_zone: tz },
    ]).execute();
    const deviceId = newId();
    await trx.insertInto('device').values({ id: deviceId, branch_id: branchId, name: '前台一号机', is_this_device: 1 }).execute();
    const staff = DEMO_STAFF.map((s) => ({ id: newId(), branch_id: branchId, name: s.name, role: s.role, pin_hash: s.pinHash, pin_set_at: now.toISOString() }));
    await trx.insertInto('staff').values(staff).execute();
    await trx.insertInto('setting').values({ key: 'demo', value: '1' }).execute();

    const sessions = CLASS_NAMES.map((c) => {
      const startsAt = zonedTime(today, c.hour, c.minute, tz);
      return {
        id: newId(),
        branch_id: branchId,
        name: c.name,
        coach_name: c.coach,
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + c.minutes * 60_000).toISOString(),
        capacity: c.capacity,
      };
    });
    await trx.insertInto('class_session').values(sessions).execute();

    const currentQuarter = quarterLabel(nowIso, tz, 1);
    const previousQuarter = quarterLabel(nowIso, tz, 2);
    const scenarios: Scenario[] = FEATURED_MEMBERS.map((f) => ({
      ...f,
      phone: `1380000${String(FEATURED_MEMBERS.indexOf(f) + 1).padStart(4, '0')}`,
      birthday: f.birthdayToday ? `1990-${today.slice(5)}` : `1988-0${(FEATURED_MEMBERS.indexOf(f) % 9) + 1}-12`,
    }));
    for (let i = scenarios.length; i < memberCount; i++) scenarios.push(randomScenario(rand, i, today));

    for (const s of scenarios) {
      const memberId = newId();
      const joined = new Date(now.getTime() - intBetween(rand, 40, 900) * DAY).toISOString();
      await trx.insertInto('member').values({
        id: memberId,
        member_no: s.memberNo,
        name: s.name,
        gender: s.gender,
        birthday: s.birthday,
        phone: s.phone,
        phone_tail: s.phone.slice(-4),
        home_branch_id: rand() < 0.9 ? branchId : otherBranchId,
        photo: null,
        medical_alert: s.medicalAlert ? 1 : 0,
        fitness_goal: null,
        created_at: joined,
        updated_at: joined,
      }).execute();
      if (s.membership) {
        await trx.insertInto('membership').values({
          id: newId(),
          member_id: memberId,
          plan_name: pick(rand, PLANS),
          starts_on: addDays(today, s.membership.startsInDays),
          valid_until: addDays(today, s.membership.endsInDays),
          status: s.membership.status,
          created_at: joined,
          updated_at: joined,
        }).execute();
      }
      const cards = [
        ...(s.lostCard ? [{ uid: s.lostCard, status: 'lost' as const, boundDaysAgo: 200 }] : []),
        { uid: s.card, status: 'active' as const, boundDaysAgo: s.lostCard ? 20 : 300 },
      ];
      for (const c of cards) {
        await trx.insertInto('card_binding').values({
          id: newId(),
          card_uid: c.uid,
          w26_key: w26KeyOfUid(c.uid),
          member_id: memberId,
          status: c.status,
          bound_at: new Date(now.getTime() - c.boundDaysAgo * DAY).toISOString(),
          ended_at: c.status === 'lost' ? new Date(now.getTime() - 20 * DAY).toISOString() : null,
        }).execute();
      }
      const tierResults: { quarter: string; tier: TierCode; daysAgo: number }[] = [
        { quarter: previousQuarter, tier: s.previousTier ?? s.tier, daysAgo: 110 },
        { quarter: currentQuarter, tier: s.tier, daysAgo: s.previousTier ? 5 : 20 },
      ];
      for (const t of tierResults) {
        const band = TIER_CODES.indexOf(t.tier);
        await trx.insertInto('member_tier').values({
          id: newId(),
          member_id: memberId,
          quarter: t.quarter,
          tier_code: t.tier,
          score: Math.round(([30, 60, 75, 90][band]! + rand() * ([29, 14, 14, 10][band]!)) * 10) / 10,
          effective_at: new Date(now.getTime() - t.daysAgo * DAY).toISOString(),
        }).execute();
      }
      if (s.lastVisitDaysAgo !== undefined) {
        const visits = [s.lastVisitDaysAgo, ...Array.from({ length: intBetween(rand, 0, 6) }, () => s.lastVisitDaysAgo! + intBetween(rand, 1, 40))];
        for (const daysAgo of visits) {
          // Within opening hours (06:00–21:59 at the branch), so the panel reads like a real desk.
          const day = localParts(new Date(now.getTime() - daysAgo * DAY), tz).date;
          const at = zonedTime(day, intBetween(rand, 6, 21), intBetween(rand, 0, 59), tz).toISOString();
          await trx.insertInto('visit').values({
            id: newId(),
            member_id: memberId,
            branch_id: rand() < 0.92 ? branchId : otherBranchId,
            device_id: deviceId,
            staff_id: staff[0]!.id,
            source: rand() < 0.9 ? 'card' : 'manual',
            card_uid: s.card,
            occurred_at: at,
            admitted: 1,
            color: 'green',
            reasons: '[]',
            tier_code: daysAgo === s.lastVisitDaysAgo ? (s.previousTier ?? s.tier) : s.tier,
            override_staff_id: null,
            override_reason: null,
            overridden_at: null,
          }).execute();
        }
      }
      const used = s.classesUsed ?? 0;
      for (let k = 0; k < used && k < sessions.length; k++) {
        await trx.insertInto('class_attendance').values({
          id: newId(),
          member_id: memberId,
          session_id: sessions[k]!.id,
          branch_id: branchId,
          staff_id: staff[3]!.id,
          attended_at: new Date(now.getTime() - 60_000).toISOString(),
          quota_month: localParts(nowIso, tz).month,
          used_free_quota: 1,
        }).execute();
      }
    }
  });
}
