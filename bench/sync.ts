import { metric, type Benchmark, type Metric } from './lib';
import { measureBootstrap } from './syncBootstrap';
import { timeDrain, timePlainInsert } from './syncDrain';
import { openBenchHq, redacted } from './syncHq';
import { measurePushes, pushP95 } from './syncHqPush';
import { syncSizeFromFlags } from './syncParams';
import { offlineWeek } from './syncWeek';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One drain and its baseline. */
interface DrainRound {
  d: Awaited<ReturnType<typeof timeDrain>>;
  insertSeconds: number;
  week: { queued: Record<string, number>; seconds: number };
}
const log = (message: string) => process.stderr.write(`[bench] sync: ${message}\n`);

/**
 * Branch ↔ head-office sync against a local PostgreSQL head office (a fresh schema per run,
 * dropped afterwards) served by the real Fastify server in its own process on loopback:
 * - drain: a desk's week offline pushed by the real sync engine, against a plain batched INSERT
 *   of the same rows into the same database;
 * - push: many enrolled devices pushing small signed batches at once;
 * - bootstrap: a fresh desk downloading a 1M-member roster.
 */
const sync: Benchmark = {
  name: 'sync',
  description: 'week-offline drain, head-office push throughput and roster bootstrap on a local PostgreSQL',
  async run({ flags }) {
    const size = syncSizeFromFlags(flags);
    const metrics: Record<string, Metric> = {};
    const params: Record<string, unknown> = { ...size };
    const bench = await openBenchHq();
    params.database = `${redacted(bench.url)} (schema ${bench.schema}, dropped afterwards)`;
    try {
      const serverUrl = await bench.startServer();

      if (size.parts.includes('drain')) {
        // Rounds, each a drain then its baseline side by side, because this machine's speed drifts
        // by more than the figures differ: the round with the median ratio is reported, all of them
        // in params. Each round has a head office of its own (fresh schema and server), the first
        // the one the other parts use after it, so every round starts alike.
        const rounds: DrainRound[] = [];
        for (let round = 1; round <= size.rounds; round++) {
          log(`round ${round} of ${size.rounds}: a desk's week offline, ${size.visits} check-ins and ${size.edits} other writes through the real services`);
          const own = round === 1 ? null : await openBenchHq();
          const week = await offlineWeek(size.visits, size.edits);
          try {
            const hq = own ?? bench;
            const url = own ? await own.startServer() : serverUrl;
            log(`queued ${JSON.stringify(week.queued)} in ${week.seconds.toFixed(1)} s; enrolling and draining`);
            const d = await timeDrain(week, hq, url);
            log(`drained ${d.pushed} mutations in ${d.drainSeconds.toFixed(2)} s; plain INSERT of the same rows`);
            const insertSeconds = await timePlainInsert(week, hq);
            log(`plain INSERT ${insertSeconds.toFixed(3)} s: ${(d.drainSeconds / insertSeconds).toFixed(2)} ×`);
            rounds.push({ d, insertSeconds, week });
          } finally {
            await week.dispose();
            await own?.dispose();
          }
        }
        const byRatio = [...rounds].sort((a, b) => a.d.drainSeconds / a.insertSeconds - b.d.drainSeconds / b.insertSeconds);
        const { d, insertSeconds, week } = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
        Object.assign(params, {
          week_queued: week.queued,
          week_setup_s: Math.round(week.seconds),
          week_enroll_s: Number(d.enrollSeconds.toFixed(3)),
          week_rejected_by: d.rejectedBy,
          week_hq_visits: d.hqVisits,
          // Where the drain's time went: CPU seconds of each process during it (PostgreSQL's only when it runs here).
          week_drain_cpu_s: {
            desk: round2(d.cpuSeconds.desk),
            head_office: round2(d.cpuSeconds.headOffice),
            postgres: d.cpuSeconds.postgres === null ? null : round2(d.cpuSeconds.postgres),
          },
          week_rounds: rounds.map((r) => ({ drain_s: round2(r.d.drainSeconds), insert_s: Number(r.insertSeconds.toFixed(3)), ratio: round2(r.d.drainSeconds / r.insertSeconds) })),
        });
        metrics.week_offline_drain_s = metric(d.drainSeconds, 's', 10);
        metrics.week_offline_rejected = metric(Math.max(...rounds.map((r) => r.d.rejected)), 'rows', 0);
        metrics.week_offline_mutations_per_s = metric(d.pushed / d.drainSeconds, '/s', null, 'higher');
        metrics.plain_insert_s = metric(insertSeconds, 's');
        metrics.drain_ratio_to_insert = metric(d.drainSeconds / insertSeconds, 'x', 3);
      }

      if (size.parts.includes('push')) {
        log(`${size.devices} devices × ${size.pushes} pushes of ${size.batch} visits, ${size.concurrency} in flight`);
        const p = await measurePushes(bench, serverUrl, size);
        Object.assign(params, { push_enroll_s: Number(p.enrollSeconds.toFixed(1)), ...(p.firstError ? { push_first_error: p.firstError } : {}) });
        metrics.hq_push_per_s = metric(p.pushes / p.wallSeconds, '/s', 600, 'higher');
        metrics.hq_push_p95_ms = metric(pushP95(p), 'ms', 200);
        metrics.hq_push_errors = metric(p.errors, 'pushes', 0);
        metrics.hq_push_mutations_per_s = metric(p.mutations / p.wallSeconds, '/s', null, 'higher');
      }

      if (size.parts.includes('bootstrap')) {
        log(`roster of ${size.members} members at head office, then a fresh desk bootstraps it`);
        const b = await measureBootstrap(bench, serverUrl, size.members);
        Object.assign(params, { bootstrap_seed_s: Math.round(b.seedSeconds), bootstrap_rows: b.rows });
        metrics.bootstrap_1m_s = metric(b.seconds, 's', 60);
        metrics.bootstrap_1m_rows_per_s = metric(b.rows / b.seconds, '/s', null, 'higher');
      }
    } finally {
      await bench.dispose();
    }
    return { params, metrics };
  },
};

export default sync;
