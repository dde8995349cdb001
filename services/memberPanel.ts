import type { ClassQuotaDto, MemberPanelDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import type { TierCode } from '../core/tiers/catalog';
import { classQuota, isTierCode } from '../core/tiers/catalog';
import { localParts } from '../core/time/localDate';
import { maskPhone } from '../core/members/masking';
import { branchNames, tierBenefitRows } from '../db/queries/desk';
import type { ServiceContext } from './context';
import { membershipEffectiveStatus } from './membership/membershipStore';

type Benefits = NonNullable<MemberPanelDto['benefits']>;
type DeskReads = ServiceContext['reads'];
export type MemberRow = NonNullable<ReturnType<DeskReads['member']['get']>>;
export type MembershipRow = ReturnType<DeskReads['membership']['get']>;
export type TierDto = MemberPanelDto['tier'];

/** What the check-in path has already read, so the panel does not read it again. */
export interface PanelFacts {
  member: MemberRow;
  membership: MembershipRow;
  tier: TierDto;
}

/**
 * Reads the member panel: who, tier, benefits, this month's free classes, membership, last
 * visits. Branch names and the benefit table change only by sync, so they are cached; the sync
 * engine reports the tables it wrote (`syncApplied`) and the caches over them reload. Branch
 * names also fill in on a miss (one primary-key read), so a member pulled from another branch
 * shows its home branch even before the reload.
 */
export class MemberPanelReader {
  private branchNameCache: Map<string, string> | null = null;
  private benefitCache: Map<string, Benefits> | null = null;
  private readonly allBranchNames;
  private readonly oneBranchName;

  constructor(private readonly ctx: ServiceContext) {
    this.allBranchNames = ctx.kdb.sqlite.prepare<[], { id: string; name: string }>('SELECT id, name FROM branch');
    this.oneBranchName = ctx.kdb.sqlite.prepare<[string], string>('SELECT name FROM branch WHERE id = ?').pluck();
  }

  /** Drop caches after a sync changes branches or tier rules. */
  invalidate(): void {
    this.syncApplied(new Set(['branch', 'tier_benefit']));
  }

  /**
   * Head office's changes were committed to these tables (SyncEngineOptions.onApplied). Branch
   * names are read again on next use (a small table, one query); benefits reload now, the old
   * table serving meanwhile so no panel shows a tier without its benefits.
   */
  syncApplied(tables: ReadonlySet<string>): void {
    if (tables.has('branch')) this.branchNameCache = null;
    if (tables.has('tier_benefit')) {
      void this.loadBenefits().catch(() => {
        // the old table keeps serving; the next change tries again
      });
    }
  }

  async load(): Promise<void> {
    this.branchNameCache = await branchNames(this.ctx.kdb.db);
    await this.loadBenefits();
  }

  private async loadBenefits(): Promise<void> {
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

  private branchName(id: string): string {
    this.branchNameCache ??= new Map(this.allBranchNames.all().map((r) => [r.id, r.name]));
    const cached = this.branchNameCache.get(id);
    if (cached !== undefined) return cached;
    // A branch that arrived after the cache was filled. Not found stays uncached: it may come with the next pull.
    const name = this.oneBranchName.get(id);
    if (name === undefined) return '';
    this.branchNameCache.set(id, name);
    return name;
  }

  private benefits(tier: TierCode | null): Benefits | null {
    return tier ? (this.benefitCache?.get(tier) ?? null) : null;
  }

  quota(memberId: string, tier: TierCode | null, nowIso: string): ClassQuotaDto {
    return this.quotaInMonth(memberId, tier, localParts(nowIso, this.ctx.desk.timeZone).month);
  }

  private quotaInMonth(memberId: string, tier: TierCode | null, month: string): ClassQuotaDto {
    const used = Number(this.ctx.reads.freeClassesUsed.get(memberId, month)?.n ?? 0);
    const monthly = this.benefits(tier)?.freeClassesPerMonth;
    if (!tier || monthly === undefined) return classQuota(null, used);
    return monthly === null ? { monthly: null, used, remaining: null } : { monthly, used, remaining: Math.max(0, monthly - used) };
  }

  tierOf(memberId: string, nowIso: string): TierDto {
    const row = this.ctx.reads.tier.get(memberId, nowIso);
    if (!row || !isTierCode(row.tier_code)) return null;
    return { code: row.tier_code, score: row.score, quarter: row.quarter, effectiveAt: row.effective_at };
  }

  /** Member, membership and tier as of now; throws NOT_FOUND for an unknown member. */
  facts(memberId: string, nowIso: string, today = localParts(nowIso, this.ctx.desk.timeZone).date): PanelFacts {
    const member = this.ctx.reads.member.get(memberId);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    return { member, membership: this.ctx.reads.membership.get(memberId, today), tier: this.tierOf(memberId, nowIso) };
  }

  read(memberId: string, nowIso: string, known?: PanelFacts): MemberPanelDto {
    // One calendar reading for the whole panel: "today" and the quota month.
    const local = localParts(nowIso, this.ctx.desk.timeZone);
    const today = local.date;
    const { member, membership, tier } = known ?? this.facts(memberId, nowIso, today);
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
        homeBranchName: this.branchName(member.home_branch_id),
      },
      tier,
      benefits: this.benefits(tier?.code ?? null),
      classQuota: this.quotaInMonth(memberId, tier?.code ?? null, local.month),
      membership: membership
        ? {
            planName: membership.plan_name,
            startsOn: membership.starts_on,
            validUntil: membership.valid_until,
            status: membership.status,
            effectiveStatus: membershipEffectiveStatus(membership, today),
          }
        : null,
      recentVisits: this.ctx.reads.recentVisits.all(memberId).map((v) => ({
        id: v.id,
        occurredAt: v.occurred_at,
        source: v.source,
        admitted: v.admitted === 1,
        color: v.color,
        branchName: this.branchName(v.branch_id),
        overridden: v.overridden_at !== null,
      })),
    };
  }
}
