import { z } from 'zod';

/**
 * Reasons a check-in can raise. UNKNOWN_CARD is not configurable: with no member there is
 * nobody to admit, so it is always the grey decision.
 */
export const CONFIGURABLE_REASONS = [
  'CARD_LOST',
  'NO_MEMBERSHIP',
  'MEMBERSHIP_CANCELLED',
  'MEMBERSHIP_EXPIRED',
  'MEMBERSHIP_FROZEN',
  'MEMBERSHIP_NOT_STARTED',
  'DUPLICATE_SCAN',
  'EXPIRING_SOON',
  'BIRTHDAY',
  'TIER_CHANGED',
  'MEDICAL_ALERT',
] as const;
export type ConfigurableReason = (typeof CONFIGURABLE_REASONS)[number];
export type ReasonCode = ConfigurableReason | 'UNKNOWN_CARD';
export const REASON_CODES: readonly ReasonCode[] = ['UNKNOWN_CARD', ...CONFIGURABLE_REASONS];

export const EFFECTS = ['allow', 'warn', 'deny'] as const;
export type Effect = (typeof EFFECTS)[number];

const effectSchema = z.enum(EFFECTS);

export const branchPolicySchema = z
  .object({
    /** A second admitted check-in of the same member within this window is a duplicate scan. */
    duplicateWindowMinutes: z.number().int().min(0).max(24 * 60),
    /** Warn when the membership ends within this many days (0 = only on the last day). */
    expiringWithinDays: z.number().int().min(0).max(90),
    effects: z.object(
      Object.fromEntries(CONFIGURABLE_REASONS.map((r) => [r, effectSchema])) as Record<
        ConfigurableReason,
        typeof effectSchema
      >,
    ).strict(),
  })
  .strict();
export type BranchPolicy = z.infer<typeof branchPolicySchema>;

/** Defaults a branch gets when its policy file leaves a value out. */
export const DEFAULT_BRANCH_POLICY: BranchPolicy = {
  duplicateWindowMinutes: 30,
  expiringWithinDays: 7,
  effects: {
    CARD_LOST: 'deny',
    NO_MEMBERSHIP: 'deny',
    MEMBERSHIP_CANCELLED: 'deny',
    MEMBERSHIP_EXPIRED: 'deny',
    MEMBERSHIP_FROZEN: 'deny',
    MEMBERSHIP_NOT_STARTED: 'deny',
    DUPLICATE_SCAN: 'warn',
    EXPIRING_SOON: 'warn',
    BIRTHDAY: 'allow',
    TIER_CHANGED: 'warn',
    MEDICAL_ALERT: 'warn',
  },
};

/** A policy file may give only the values it changes; the rest come from the defaults. */
export const branchPolicyFileSchema = z
  .object({
    duplicateWindowMinutes: branchPolicySchema.shape.duplicateWindowMinutes.optional(),
    expiringWithinDays: branchPolicySchema.shape.expiringWithinDays.optional(),
    effects: branchPolicySchema.shape.effects.partial().optional(),
  })
  .strict();

export function resolveBranchPolicy(file: unknown): BranchPolicy {
  const parsed = branchPolicyFileSchema.parse(file);
  return branchPolicySchema.parse({
    duplicateWindowMinutes: parsed.duplicateWindowMinutes ?? DEFAULT_BRANCH_POLICY.duplicateWindowMinutes,
    expiringWithinDays: parsed.expiringWithinDays ?? DEFAULT_BRANCH_POLICY.expiringWithinDays,
    effects: { ...DEFAULT_BRANCH_POLICY.effects, ...parsed.effects },
  });
}
