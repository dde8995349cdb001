import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root and the benchmark folders. */
export const ROOT = resolve(import.meta.dirname, '..');
export const RESULTS_DIR = join(ROOT, 'bench/results');
export const DATA_DIR = join(ROOT, 'bench/data');

export interface Metric {
  value: number;
  unit: string;
  /** null for figures reported for context (e.g. file size) that have no target. */
  target: number | null;
  better: 'lower' | 'higher';
}

/** One result file, in the format of TESTING.md ("Benchmarks"). */
export interface BenchResult {
  name: string;
  date: string;
  machine: string;
  params: Record<string, unknown>;
  metrics: Record<string, Metric>;
}

export interface BenchOptions {
  /** Flags after the benchmark name, e.g. --iterations 500 (each benchmark reads its own). */
  flags: Record<string, string | boolean | undefined>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<Omit<BenchResult, 'name' | 'date' | 'machine'>>;
}

export function machine(): string {
  return `${availableParallelism()} cores, Node ${process.versions.node}`;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; the sample itself, never interpolated. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Rounds for the report: 3 significant digits are all these figures can honestly claim. */
export function round(value: number): number {
  return Number(value.toPrecision(3));
}

export function metric(value: number, unit: string, target: number | null = null, better: Metric['better'] = 'lower'): Metric {
  return { value: round(value), unit, target, better };
}

export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

function meets(m: Metric): boolean {
  return m.target === null || (m.better === 'lower' ? m.value <= m.target : m.value >= m.target);
}

/** The console table: one line per metric, with its target and whether this run met it. */
export function formatTable(result: BenchResult): string {
  const rows = Object.entries(result.metrics).map(([key, m]) => [
    key,
    `${m.value} ${m.unit}`,
    m.target === null ? '' : `${m.better === 'lower' ? '≤' : '≥'} ${m.target} ${m.unit}`,
    m.target === null ? '' : meets(m) ? 'ok' : 'MISSED',
  ]);
  const header = ['metric', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `${result.name} — ${result.date}, ${result.machine}, ${JSON.stringify(result.params)}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
