import type { TierCode } from '../../core/tiers/catalog';

/**
 * Demo members with fixed cards, one per situation the desk must handle, so a person trying
 * the preview (and the browser tests) can tap each decision. Day offsets are from today in the
 * branch's zone. Card UIDs are canonical hex; a keyboard reader in the default dec10 format
 * types the 10-digit decimal of the UID.
 */
export interface FeaturedMember {
  key: string;
  memberNo: string;
  name: string;
  gender: 'female' | 'male';
  tier: TierCode;
  /** The tier of the member's last visit, when it differs (tier changed since last visit). */
  previousTier?: TierCode;
  card: string;
  /** An older card of the member's, reported lost. */
  lostCard?: string;
  membership: { status: 'active' | 'frozen' | 'expired' | 'cancelled'; startsInDays: number; endsInDays: number } | null;
  birthdayToday?: boolean;
  medicalAlert?: boolean;
  /** Free classes already used this month. */
  classesUsed?: number;
  lastVisitDaysAgo?: number;
}

export const FEATURED_MEMBERS: readonly FeaturedMember[] = [
  { key: 'green', memberNo: 'M000001', name: '张晓雨', gender: 'female', tier: 'gold', card: '3A5F0001', membership: { status: 'active', startsInDays: -200, endsInDays: 165 }, lastVisitDaysAgo: 2 },
  { key: 'expiring', memberNo: 'M000002', name: '李明', gender: 'male', tier: 'silver', card: '3A5F0002', membership: { status: 'active', startsInDays: -362, endsInDays: 3 }, lastVisitDaysAgo: 4 },
  { key: 'expired', memberNo: 'M000003', name: '王丽', gender: 'female', tier: 'bronze', card: '3A5F0003', membership: { status: 'active', startsInDays: -380, endsInDays: -15 }, lastVisitDaysAgo: 20 },
  { key: 'frozen', memberNo: 'M000004', name: '赵强', gender: 'male', tier: 'silver', card: '3A5F0004', membership: { status: 'frozen', startsInDays: -100, endsInDays: 260 }, lastVisitDaysAgo: 12 },
  { key: 'lost', memberNo: 'M000005', name: '孙悦', gender: 'female', tier: 'gold', card: '3A5F0055', lostCard: '3A5F0005', membership: { status: 'active', startsInDays: -50, endsInDays: 315 }, lastVisitDaysAgo: 3 },
  { key: 'birthday', memberNo: 'M000006', name: '周杰', gender: 'male', tier: 'diamond', card: '3A5F0006', membership: { status: 'active', startsInDays: -700, endsInDays: 400 }, birthdayToday: true, lastVisitDaysAgo: 1 },
  { key: 'medical', memberNo: 'M000007', name: '吴敏', gender: 'female', tier: 'silver', card: '3A5F0007', membership: { status: 'active', startsInDays: -90, endsInDays: 275 }, medicalAlert: true, lastVisitDaysAgo: 5 },
  { key: 'tierChanged', memberNo: 'M000008', name: '郑浩然', gender: 'male', tier: 'gold', previousTier: 'silver', card: '3A5F0008', membership: { status: 'active', startsInDays: -300, endsInDays: 65 }, lastVisitDaysAgo: 9 },
  { key: 'notStarted', memberNo: 'M000009', name: '钱芳', gender: 'female', tier: 'bronze', card: '3A5F0009', membership: { status: 'active', startsInDays: 5, endsInDays: 370 } },
  { key: 'quotaUsed', memberNo: 'M000010', name: '冯雪', gender: 'female', tier: 'bronze', card: '3A5F000A', membership: { status: 'active', startsInDays: -30, endsInDays: 335 }, classesUsed: 2, lastVisitDaysAgo: 2 },
];

/** A card no member holds, for trying the grey decision. */
export const DEMO_UNKNOWN_CARD = 'FFEE0001';
