import { effectiveMembershipStatus } from '../core/checkin/membershipStatus';
import type { ClassQuotaDto, MemberPanelDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import type { TierCode } from '../core/tiers/catalog';
import { classQuota, isTierCode } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { branchNames, tierBenefitRows } from '../db/queries/desk';
import { freeClassesUsed } from '../db/queries/classes';
import { currentMembership, currentTier, getMember } from '../db/queries/members';
import { recentVisits } from '../db/queries/visits';
import type { ServiceContext } from './context';

type Benefits = NonNullable<MemberPanelDto['benefits']>;

/** Masks a phone number for the desk: 138****8000. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/**
 * Reads the member panel: who, tier, benefits, this month's free classes, membership, last
 * visits. Branch names and the benefit table change only by sync, so they are cached.
 */
export class MemberPanelReader {
  private branchNameCache: Map<string, string> | null = null;
  private benefitCache: Map<string, Benefits> | null = null;

  constructor(private readonly ctx: ServiceContext) {}

  /** Drop caches after a sync changes branches or tier rules. */
  invalidate(): void {
    this.branchNameCache = null;
    this.benefitCache = null;
  }

  private async branchName(id: string): Promise<string> {
    this.branchNameCache ??= await branchNames(this.ctx.kdb.db);
    return this.branchNameCache.get(id) ?? '';
  }

  private async benefits(tier: TierCode | null): Promise<Benefits | null> {
    if (!tier) return null;
    if (!this.benefitCache) {
      const rows = await tierBenefitRows(this.ctx.kdb.db);
      this.benefitCache = new Map(
        rows.map((r) => [
          r.tier_code,
          {
            freeClassesPerMonth: r.free_classes_per_month,
            courseDiscountPct: r.course_discount_pct,
            personalTrainingDiscountPct: r.personal_training_discount_pct,
            productDiscountPct: r.product_discount_pct,
            perks: JSON.parse(r.perks) as string[],
          },
        ]),
      );
    }
    return this.benefitCache.get(tier) ?? null;
  }

  async quota(memberId: string, tier: TierCode | null, nowIso: string): Promise<ClassQuotaDto> {
    const month = localParts(nowIso, this.ctx.desk.timeZone).month;
    const used = await freeClassesUsed(this.ctx.kdb.db, memberId, month);
    const monthly = (await this.benefits(tier))?.freeClassesPerMonth;
    if (!tier || monthly === undefined) return classQuota(null, used);
    return monthly === null ? { monthly: null, used, remaining: null } : { monthly, used, remaining: Math.max(0, monthly - used) };
  }

  async tierOf(memberId: string, nowIso: string) {
    const row = await currentTier(this.ctx.kdb.db, memberId, nowIso);
    if (!row || !isTierCode(row.tier_code)) return null;
    return { code: row.tier_code, score: row.score, quarter: row.quarter, effectiveAt: row.effective_at };
  }

  async read(memberId: string, nowIso: string): Promise<MemberPanelDto> {
    const db = this.ctx.kdb.db;
    const member = await getMember(db, memberId);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    const today = localParts(nowIso, this.ctx.desk.timeZone).date;
    const [tier, membership, visits] = await Promise.all([
      this.tierOf(memberId, nowIso),
      currentMembership(db, memberId, today),
      recentVisits(db, memberId, 5),
    ]);
    const recent = [];
    for (const v of visits) {
      recent.push({
        id: v.id,
        occurredAt: v.occurred_at,
        source: v.source,
        admitted: v.admitted === 1,
        color: v.color,
        branchName: await this.branchName(v.branch_id),
        overridden: v.overridden_at !== null,
      });
    }
    return {
      member: {
        id: member.id,
        memberNo: member.member_no,
        name: member.name,
        gender: member.gender,
        birthday: member.birthday,
        phoneMasked: maskPhone(member.phone),
        photoDataUrl: member.photo,
        medicalAlert: member.medical_alert === 1,
        homeBranchName: await this.branchName(member.home_branch_id),
      },
      tier,
      benefits: await this.benefits(tier?.code ?? null),
      classQuota: await this.quota(memberId, tier?.code ?? null, nowIso),
      membership: membership
        ? {
            planName: membership.plan_name,
            startsOn: membership.starts_on,
            validUntil: membership.valid_until,
            status: membership.status,
            effectiveStatus: effectiveMembershipStatus(
              { status: membership.status, startsOn: membership.starts_on, validUntil: membership.valid_until },
              today,
            ),
          }
        : null,
      recentVisits: recent,
    };
  }
}
