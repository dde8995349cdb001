import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../core/contract/dispatch';
import { CONSENT_TEXT_VERSION } from '../core/contract/memberDto';
import type { MethodInput, MethodName, MethodOutput } from '../core/contract/methods';
import { addDays, localParts } from '../core/time/localDate';
import { demoStaff } from '../services/demo/demoStaff';
import { seededRandom } from '../services/demo/random';
import { openKiosk, type Kiosk } from '../services/kiosk';
import { ManualClock } from '../services/ports';
import { generateDatabase } from '../scripts/generate/build';
import { ROOT } from './lib';

const WEEK_MS = 7 * 24 * 3600_000;
/** The branch's roster: about the members one busy branch sees in a week. */
const ROSTER_MEMBERS = 5000;

/** A desk that spent a week offline: its kiosk (not enrolled, engine idle) and what it queued. */
export interface OfflineWeek {
  kiosk: Kiosk;
  clock: ManualClock;
  /** Outbox rows per mutation name. */
  queued: Record<string, number>;
  seconds: number;
  dispose(): Promise<void>;
}

async function call<M extends MethodName>(kiosk: Kiosk, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  // The transports' path: input validated and the role guard, output not re-validated (speed).
  const envelope = await dispatch(kiosk.api, method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as MethodOutput<M>;
}

function registration(i: number, today: string): MethodInput<'members.register'> {
  return {
    profile: {
      name: `周${String(i).padStart(3, '0')}`, gender: i % 2 === 0 ? 'female' : 'male', birthday: '1991-05-0' + String((i % 9) + 1),
      phone: `166${String(20_000_000 + i).padStart(8, '0')}`, idCard: null, emergencyContact: null, healthNotes: null, fitnessGoal: null,
      preferredCourses: ['yoga'],
    },
    consent: { sensitive: false, textVersion: CONSENT_TEXT_VERSION },
    photoDataUrl: null,
    plan: { code: 'year', startsOn: today, amountFen: 299_900 },
    card: null,
    acknowledgeDuplicates: true,
  };
}

/** The mix of the week's other writes: a tenth are registrations, the rest cycle through these kinds. */
const KINDS = ['member.update', 'card', 'consumption.record', 'membership.renew', 'membership.freeze'] as const;

/**
 * A desk's week offline, through the real services on a real SQLite file: `visits` check-ins
 * (`checkin.member`, the check-in service's own transaction of visit + outbox row) and `edits`
 * other writes — registrations first, then profile edits, card bindings, sales, renewals and
 * freezes interleaved with the check-ins. The simulated clock starts a week before now and walks
 * through it, so every check-in is a real visit (never a duplicate scan) and the desk's clock is
 * about right when it finally meets head office.
 * The setup runs with synchronous=OFF (it is not what is measured); FULL is restored before return.
 */
export async function offlineWeek(visits: number, edits: number): Promise<OfflineWeek> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-sync-'));
  const dbPath = join(dir, 'kiosk.sqlite');
  let opened: Kiosk | null = null;
  try {
    // The branch's roster as head office handed it down (no outbox rows): the generator's members
    // with memberships and active cards, and some history.
    await generateDatabase({ members: ROSTER_MEMBERS, visits: ROSTER_MEMBERS * 4, out: dbPath });
    const clock = new ManualClock(new Date(Date.now() - WEEK_MS));
    // Staff are at the desk all week: the idle lock (and a PIN sign-in after each quiet spell) is
    // not what this benchmark is about.
    const kiosk = await openKiosk({ dbPath, resourcesDir: join(ROOT, 'resources'), clock, inactivityLockMs: 2 * WEEK_MS });
    opened = kiosk;
    const sqlite = kiosk.ctx.kdb.sqlite;
    sqlite.pragma('synchronous = OFF');
    // Head office's role: the week's manager work, and enrolling the desk (staff.manage) after it.
    const staff = demoStaff('headoffice');
    const staffId = sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(staff.name) as string;
    const signedIn = await kiosk.api['staff.signIn']({ staffId, pin: staff.pin });
    if (!signedIn.ok) throw new Error(`staff sign-in failed: ${signedIn.reason}`);
    const today = () => localParts(clock.now().toISOString(), kiosk.ctx.desk.timeZone).date;

    const registrations = edits === 0 ? 0 : Math.max(2, Math.round(edits / 10));
    const registered: { memberId: string; membershipId: string }[] = [];
    for (let i = 0; i < registrations; i++) {
      const r = await call(kiosk, 'members.register', registration(i, today()));
      registered.push({ memberId: r.memberId, membershipId: r.membershipId });
      clock.advance(1000);
    }
    const memberIds = [...(sqlite.prepare('SELECT id FROM member ORDER BY id').pluck().all() as string[])];

    // Every member of the roster in a shuffled order, taken in turn: with thousands of members a
    // member comes back days later, never within the duplicate-scan window.
    const rand = seededRandom(20_261_124);
    for (let i = memberIds.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [memberIds[i], memberIds[j]] = [memberIds[j]!, memberIds[i]!];
    }
    // Each write below queues exactly one mutation. Cards alternate bind / report lost and
    // memberships freeze / unfreeze, so a member's next write of a kind is always allowed.
    const activeCard = new Map<string, string>();
    const frozen = new Set<string>();
    const half = Math.ceil(registered.length / 2);
    const other = async (n: number) => {
      const kind = KINDS[n % KINDS.length]!;
      const round = Math.floor(n / KINDS.length);
      const target = registered[round % registered.length]!;
      if (kind === 'member.update') {
        await call(kiosk, 'members.update', { memberId: target.memberId, changes: { fitnessGoal: `目标 ${n}` } });
      } else if (kind === 'card') {
        const bindingId = activeCard.get(target.memberId);
        if (bindingId) {
          await call(kiosk, 'cards.reportLost', { bindingId });
          activeCard.delete(target.memberId);
        } else {
          const card = await call(kiosk, 'cards.bind', { memberId: target.memberId, card: { card: (0xb0000000 + n).toString(16).toUpperCase(), format: 'hex' } });
          activeCard.set(target.memberId, card.id);
        }
      } else if (kind === 'consumption.record') {
        await call(kiosk, 'consumption.record', { memberId: target.memberId, category: 'product', amountFen: 1500 + n, receiptNo: `BENCH-${n}` });
      } else if (kind === 'membership.renew') {
        // Renewals on the first half of the new memberships, freezes on the second.
        const { membershipId } = registered[round % half]!;
        await call(kiosk, 'membership.renew', { membershipId, planCode: 'month', amountFen: 39_900 });
      } else {
        const { membershipId } = registered[half + (round % (registered.length - half))]!;
        if (frozen.delete(membershipId)) {
          await call(kiosk, 'membership.unfreeze', { membershipId });
        } else {
          const from = addDays(today(), 30);
          await call(kiosk, 'membership.freeze', { membershipId, from, until: addDays(from, 13), reason: '出差两周' });
          frozen.add(membershipId);
        }
      }
    };

    const remaining = edits - registrations;
    const stepMs = Math.floor((WEEK_MS - registrations * 1000) / visits);
    let done = 0;
    let next = 0;
    const checkIn = async (): Promise<boolean> => {
      const memberId = memberIds[next++ % memberIds.length]!;
      return !(await call(kiosk, 'checkin.member', { memberId })).duplicate;
    };
    for (let v = 0; v < visits; v++) {
      clock.advance(stepMs);
      // A duplicate scan writes no visit: the next member steps up, so the week has `visits` visits.
      for (let tries = 0; !(await checkIn()); tries++) if (tries > 100) throw new Error('every check-in is a duplicate scan');
      while (done < remaining && done * visits < (v + 1) * remaining) await other(done++);
      if ((v + 1) % 5000 === 0) process.stderr.write(`[bench] sync: offline week ${v + 1}/${visits} visits\n`);
    }
    while (done < remaining) await other(done++);
    sqlite.pragma('synchronous = FULL');
    const queued = Object.fromEntries(
      (sqlite.prepare("SELECT name, count(*) AS n FROM sync_outbox WHERE status = 'pending' GROUP BY name ORDER BY name").all() as { name: string; n: number }[]).map((r) => [r.name, r.n]),
    );
    return {
      kiosk,
      clock,
      queued,
      seconds: (performance.now() - started) / 1000,
      async dispose() {
        await kiosk.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
