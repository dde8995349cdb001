import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_SPEC } from './database';
import { formatTable, machine, writeResult, type BenchResult, type Benchmark } from './lib';
import { isDefaultSyncRun } from './syncParams';

/**
 * `npm run bench [-- <name>… [--flag value…]]`: runs the named benchmarks (all when none is
 * named), writes bench/results/<name>.json and prints a table each. Exits non-zero only when a
 * benchmark could not run; a missed target is a figure to report, not a failure.
 */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  checkin: async () => (await import('./checkin')).default,
  'enter-to-paint': async () => (await import('./enterToPaint')).default,
  sync: async () => (await import('./sync')).default,
};

/** Whether a run's params are the sizes bench/results holds figures for (the 1M database unless a benchmark says otherwise). */
const DEFAULT_SIZE: Record<string, (params: Record<string, unknown>) => boolean> = {
  sync: isDefaultSyncRun,
};
const isDefaultDatabase = (params: Record<string, unknown>) => params.members === DEFAULT_SPEC.members && params.visits === DEFAULT_SPEC.visits;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      strict: true,
      options: {
        members: { type: 'string' },
        visits: { type: 'string' },
        iterations: { type: 'string' },
        warmup: { type: 'string' },
        taps: { type: 'string' },
        edits: { type: 'string' },
        devices: { type: 'string' },
        pushes: { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
        parts: { type: 'string' },
        rounds: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const names = parsed.positionals.length > 0 ? parsed.positionals : Object.keys(BENCHMARKS);
  if (parsed.values.help) {
    console.log(`usage: npm run bench -- [${Object.keys(BENCHMARKS).join('|')}]… [--members N --visits N] [--iterations N] [--warmup N] [--taps N] [--edits N --devices N --pushes N --batch N --concurrency N --parts drain,push,bootstrap --rounds N]`);
    return 0;
  }
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }

  let failed = 0;
  for (const name of names) {
    try {
      const bench = await BENCHMARKS[name]!();
      console.error(`[bench] ${name}: ${bench.description}`);
      // Other work on a 2-core machine moves tail latencies: record how busy it was at the start.
      const load = Number(loadavg()[0]!.toFixed(2));
      const partial = await bench.run({ flags: parsed.values });
      const result: BenchResult = {
        name,
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        machine: machine(),
        params: { ...partial.params, load_average_at_start: load },
        metrics: partial.metrics,
      };
      // bench/results holds the figures at the default sizes (the 1M database); a quick run on
      // another size prints its table but must not replace them.
      const quick = !(DEFAULT_SIZE[name] ?? isDefaultDatabase)(result.params);
      const where = quick ? 'not written: not the default size' : `written to ${writeResult(result)}`;
      console.log(`${formatTable(result)}\n(${where})\n`);
    } catch (error) {
      failed++;
      console.error(`[bench] ${name} could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
