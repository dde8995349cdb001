/**
 * SYNC.md fault 1, the convergence property: random operations at several branches (check-ins,
 * overrides, registrations, card binds, renewals) with random sync schedules and batch sizes →
 * after a final sync, head office holds every visit exactly once, every branch's queue is
 * drained, and every branch's replicated tables equal head office's change log (replicaCheck.ts). Runs against the real head office on PGlite and, when available, PostgreSQL
 * (branches syncing at the same time).
 *
 * Fixed seeds; a failure prints the seed and the shrunk operations (CHAOS_SEED replays another).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../services/ports';
import { registration } from '../../services/members/memberTestKit';
import { SyncEngine } from '../../services/sync/syncEngine';
import { credentialSecret, fileSyncSecretStore } from '../../services/sync/syncSecretStore';
import { type BranchDesk, openBranchDesk } from './branchDesk';
import { BACKENDS, expectExactlyOnce, headOfficeForSuite, startHeadOffice } from './headOffice';
import { expectReplicaEqualsHeadOffice } from './replicaCheck';

const SEED = Number(process.env.CHAOS_SEED ?? 1_024_2026);
const BRANCHES = 3;

type Op =
  | { kind: 'checkin'; branch: number; member: number }
  | { kind: 'override'; branch: number }
  | { kind: 'register'; branch: number; withCard: boolean }
  | { kind: 'bindCard'; branch: number }
  | { kind: 'renew'; branch: number }
  | { kind: 'sync'; branches: number[]; maxCount: number };

const branch = fc.integer({ min: 0, max: BRANCHES - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('checkin' as const), branch, member: fc.nat(199) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('override' as const), branch }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('register' as const), branch, withCard: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bindCard' as const), branch }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renew' as const), branch }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      branches: fc.uniqueArray(branch, { minLength: 1, maxLength: BRANCHES }),
      maxCount: fc.integer({ min: 1, max: 8 }),
    }),
  },
);

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** One branch of the property: its desk, and what the operations created there. */
interface Site {
  desk: BranchDesk;
  branchId: string;
  deniedVisits: string[];
  cardless: string[];
  memberships: string[];
}

let serial = 0;

async function apply(sites: Site[], o: Op): Promise<void> {
  if (o.kind === 'sync') {
    await Promise.all(o.branches.map((b) => syncOnce(sites[b]!, o.maxCount)));
    return;
  }
  const s = sites[o.branch]!;
  const api = s.desk.k.api;
  switch (o.kind) {
    case 'checkin': {
      const members = s.desk.k.ctx.kdb.sqlite.prepare('SELECT id FROM member ORDER BY member_no').pluck().all() as string[];
      const r = await api['checkin.member']({ memberId: members[o.member % members.length]! });
      if (!r.admitted && !r.duplicate && r.visitId) s.deniedVisits.push(r.visitId);
      return;
    }
    case 'override': {
      const visitId = s.deniedVisits.shift();
      if (visitId) await api['checkin.override']({ visitId, reason: 'card left at home' });
      return;
    }
    case 'register': {
      const n = ++serial;
      const card = o.withCard ? { card: `C0${n.toString(16).padStart(6, '0')}`, format: 'hex' as const } : null;
      const r = await api['members.register'](
        registration({ profile: { phone: `166${String(10_000_000 + n).slice(-8)}` }, plan: { code: 'year', startsOn: today(), amountFen: 299_900 }, card, acknowledgeDuplicates: true }),
      );
      if (!card) s.cardless.push(r.memberId);
      s.memberships.push(r.membershipId);
      return;
    }
    case 'bindCard': {
      const memberId = s.cardless.shift();
      if (memberId) await api['cards.bind']({ memberId, card: { card: `B1${(++serial).toString(16).padStart(6, '0')}`, format: 'hex' } });
      return;
    }
    case 'renew': {
      const membershipId = s.memberships.at(-1);
      if (membershipId) await api['membership.renew']({ membershipId, planCode: 'month', amountFen: 39_900 });
      return;
    }
  }
}

/** One sync of a branch with its own engine and batch size (the desk's engine is stopped). */
async function syncOnce(s: Site, maxCount: number): Promise<void> {
  const k = s.desk.k;
  const credential = fileSyncSecretStore(`${k.dbPath}.sync.json`).load();
  if (!credential) throw new Error('the desk has no sync credential');
  const engine = new SyncEngine({ kdb: k.ctx.kdb, clock: systemClock, secret: credentialSecret(credential), offset: k.clockOffset, localBranchId: k.ctx.desk.branchId, maxCount });
  engine.start();
  try {
    const outcome = await engine.syncNow();
    if (outcome?.kind === 'halted') throw new Error(`sync halted: ${outcome.error}`);
  } finally {
    await engine.stop();
  }
}

describe.each(BACKENDS)('convergence with head office on $name (SYNC.md fault 1)', (backend) => {
  const suite = headOfficeForSuite(backend);

  it(`random operations and sync schedules at ${BRANCHES} branches: every visit once at head office, every queue drained (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 24 }), async (ops) => {
        const sites: Site[] = [];
        try {
          for (let i = 0; i < BRANCHES; i++) {
            const { branchId, code } = await suite.ho.branchWithCode();
            const desk = await openBranchDesk(suite.ho.url, code, { stopEngine: true });
            sites.push({ desk, branchId, deniedVisits: [], cardless: [], memberships: [] });
          }
          for (const o of ops) await apply(sites, o);
          // The final sync: every branch at once, the largest batches.
          await Promise.all(sites.map((s) => syncOnce(s, 500)));
          // Twice: a branch's pull may have run before another branch's last push.
          await Promise.all(sites.map((s) => syncOnce(s, 500)));
          for (const s of sites) {
            await expectExactlyOnce(suite.ho.hq.db, s.branchId, s.desk.record());
            const compared = await expectReplicaEqualsHeadOffice(suite.ho.hq.db, s.desk.k.ctx.kdb.sqlite, { local: s.desk.k.ctx.desk.branchId, hq: s.branchId });
            expect(compared).toBeGreaterThanOrEqual(BRANCHES); // at least the branch rows themselves
          }
        } finally {
          for (const s of sites) await s.desk.dispose();
        }
      }),
      { seed: SEED, numRuns: backend.name === 'pglite' ? 4 : 3, endOnFailure: true, verbose: 1 },
    );
  }, 240_000);
});

describe('the convergence check itself', () => {
  it('fails when head office misses a visit, or a replica differs from head office', async () => {
    const ho = await startHeadOffice(BACKENDS[0]!);
    try {
      const { branchId, code } = await ho.branchWithCode();
      const desk = await openBranchDesk(ho.url, code, { stopEngine: true });
      try {
        await desk.checkIn(1);
        await desk.checkIn(2);
        const site = { desk, branchId, deniedVisits: [], cardless: [], memberships: [] };
        await syncOnce(site, 500);
        const one = desk.record().newVisitIds[0]!;
        const branch = { local: desk.k.ctx.desk.branchId, hq: branchId };
        await expectReplicaEqualsHeadOffice(ho.hq.db, desk.k.ctx.kdb.sqlite, branch);
        await ho.hq.db.deleteFrom('visit').where('id', '=', one).execute();
        await expect(expectExactlyOnce(ho.hq.db, branchId, desk.record())).rejects.toThrow();
        // A replica that drifted from head office's log is caught too.
        desk.k.ctx.kdb.sqlite.prepare('UPDATE branch SET name = ? WHERE id = ?').run('drifted', branch.local);
        await expect(expectReplicaEqualsHeadOffice(ho.hq.db, desk.k.ctx.kdb.sqlite, branch)).rejects.toThrow();
      } finally {
        await desk.dispose();
      }
    } finally {
      await ho.close();
    }
  });
});
