import { demoStaff } from '../services/demo/demoStaff';
import { join, relative } from 'node:path';
import { formatUid } from '../core/cards/cardNumber';
import { FEATURED_COUNT } from '../scripts/generate/build';
import { generatedCardUid, generatedMemberNo } from '../scripts/generate/ids';
import { seededRandom } from '../services/demo/random';
import { openKiosk } from '../services/kiosk';
import { ManualClock, newId } from '../services/ports';
import { cleanUp, ensureBenchDatabase, fileMiB, intFlag, latestOutboxSeq, removeBenchWrites, specFromFlags, startInstant } from './database';
import { metric, percentile, ROOT, type Benchmark } from './lib';

/** Seconds between taps on the simulated clock: a busy desk, and never a duplicate scan. */
const TAP_EVERY_MS = 3000;
const FORMAT = 'dec10'; // what the default keyboard-wedge reader types

interface Samples {
  checkinMs: number[];
  bareMs: number[];
  decisions: Record<string, number>;
}

/**
 * Alternates, tap by tap, the kiosk's check-in of one random member's card and the bare
 * baseline for another (same connection, same file, same synchronous=FULL), flipping which goes
 * first so neither always follows the other's fsync. Removes everything it wrote afterwards.
 */
async function measure(path: string, members: number, iterations: number, warmup: number): Promise<Samples> {
  const clock = new ManualClock(startInstant(path));
  const kiosk = await openKiosk({ dbPath: path, resourcesDir: join(ROOT, 'resources'), clock });
  const sqlite = kiosk.ctx.kdb.sqlite;
  // A card tap needs a staff member on duty; reception signs in with the demo PIN.
  const reception = demoStaff('reception');
  const staffId = sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(reception.name) as string;
  await kiosk.api['staff.signIn']({ staffId, pin: reception.pin });
  const sinceSeq = latestOutboxSeq(sqlite);
  const bareVisitIds: string[] = [];
  const out: Samples = { checkinMs: [], bareMs: [], decisions: {} };
  try {
    // The bare baseline: the app's card query (newest binding of the UID) and a one-row insert.
    const findCard = sqlite.prepare('SELECT id, card_uid, member_id, status FROM card_binding WHERE card_uid = ? ORDER BY bound_at DESC LIMIT 1');
    const insertVisit = sqlite.prepare(
      `INSERT INTO visit (id, member_id, branch_id, device_id, staff_id, source, card_uid, occurred_at, admitted, color, reasons, tier_code)
       VALUES (@id, @member_id, @branch_id, @device_id, NULL, 'card', @card_uid, @occurred_at, 1, 'green', '[]', NULL)`,
    );
    const writeVisit = sqlite.transaction((row: Record<string, string>) => insertVisit.run(row));
    const rand = seededRandom(20_261_122);
    const pick = () => FEATURED_COUNT + Math.floor(rand() * (members - FEATURED_COUNT));
    const desk = kiosk.ctx.desk;

    const viaKiosk = async (measured: boolean) => {
      const index = pick();
      const card = formatUid(generatedCardUid(index), FORMAT);
      const t0 = performance.now();
      const result = await kiosk.api['checkin.card']({ card, format: FORMAT });
      const ms = performance.now() - t0;
      // A wrong member would mean the benchmark measures something else: stop rather than report.
      if (result.member?.member.memberNo !== generatedMemberNo(index)) throw new Error(`card ${card} did not resolve to member #${index}`);
      if (!measured) return;
      out.checkinMs.push(ms);
      const key = result.duplicate ? 'duplicate' : result.color;
      out.decisions[key] = (out.decisions[key] ?? 0) + 1;
    };
    const bare = (measured: boolean) => {
      const uid = generatedCardUid(pick());
      const t0 = performance.now();
      const binding = findCard.get(uid) as { member_id: string } | undefined;
      if (!binding) throw new Error(`card ${uid} is not bound in ${path}`);
      const id = newId();
      writeVisit({ id, member_id: binding.member_id, branch_id: desk.branchId, device_id: desk.deviceId, card_uid: uid, occurred_at: clock.now().toISOString() });
      const ms = performance.now() - t0;
      bareVisitIds.push(id);
      if (measured) out.bareMs.push(ms);
    };

    for (let i = 0; i < warmup + iterations; i++) {
      clock.advance(TAP_EVERY_MS);
      const measured = i >= warmup;
      if (i % 2 === 0) {
        await viaKiosk(measured);
        bare(measured);
      } else {
        bare(measured);
        await viaKiosk(measured);
      }
    }
  } finally {
    cleanUp(() => removeBenchWrites(sqlite, sinceSeq, bareVisitIds));
    await kiosk.close();
  }
  return out;
}

/**
 * The real check-in path on 1M members / 10M visits — card lookup, member facts, decision,
 * visit + outbox row in one synchronous=FULL transaction, member panel — against a bare
 * prepared SELECT of the card binding + INSERT of a visit (own transaction) on the same file.
 */
const checkin: Benchmark = {
  name: 'checkin',
  description: 'card check-in latency on the 1M-member database, against a bare SELECT + INSERT',
  async run({ flags }) {
    const spec = specFromFlags(flags);
    const iterations = intFlag(flags, 'iterations', 2000);
    const warmup = intFlag(flags, 'warmup', 200, 0);
    const { path, generatedSeconds, release } = await ensureBenchDatabase(spec);
    let samples: Samples;
    try {
      samples = await measure(path, spec.members, iterations, warmup);
    } finally {
      release();
    }
    const checkinP50 = percentile(samples.checkinMs, 50);
    const bareP50 = percentile(samples.bareMs, 50);
    return {
      params: {
        members: spec.members,
        visits: spec.visits,
        iterations,
        warmup,
        format: FORMAT,
        database: relative(ROOT, path),
        decisions: samples.decisions,
        ...(generatedSeconds !== null ? { generated_seconds: Math.round(generatedSeconds) } : {}),
      },
      metrics: {
        checkin_p50_ms: metric(checkinP50, 'ms'),
        checkin_p99_ms: metric(percentile(samples.checkinMs, 99), 'ms', 2),
        bare_p50_ms: metric(bareP50, 'ms'),
        bare_p99_ms: metric(percentile(samples.bareMs, 99), 'ms'),
        ratio_to_bare: metric(checkinP50 / bareP50, 'x', 3),
        db_size_mib: metric(fileMiB(path), 'MiB'),
      },
    };
  },
};

export default checkin;
