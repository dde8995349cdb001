import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURED_COUNT, generateDatabase } from './generate/build';
import { MAX_GENERATED_MEMBERS } from './generate/ids';
import { lockDatabase } from './generate/lock';

/**
 * `npm run generate:db -- --members 1000000 --visits 10000000 --out bench/data/kiosk-1m.sqlite`
 * Builds a kiosk database openKiosk can use: the demo chain (featured members included) plus
 * generated members with memberships, cards and tier results, and visits over two years.
 * Same arguments, same data (seeded), so benchmark figures compare across runs.
 */
const USAGE = `usage: npm run generate:db -- [--members N] [--visits N] [--out FILE] [--force] [--seed N] [--batch N] [--keep-indexes]
  --members       members in total, featured demo members included (default 10000, ${FEATURED_COUNT}..${MAX_GENERATED_MEMBERS})
  --visits        visits over the past two years (default 100000)
  --out           database file to write (default bench/data/kiosk.sqlite)
  --force         overwrite an existing file
  --seed          PRNG seed (default 20261123)
  --batch         rows per transaction (default 50000)
  --keep-indexes  keep secondary indexes during the load instead of rebuilding them after`;

function fail(message: string): never {
  console.error(`generate-db: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, raw: string, min: number, max: number): number {
  // Underscores and commas allowed so 1_000_000 reads as typed.
  const text = raw.replace(/[_,]/g, '');
  if (!/^\d+$/.test(text)) fail(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(text);
  if (value < min || value > max) fail(`--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      members: { type: 'string', default: '10000' },
      visits: { type: 'string', default: '100000' },
      out: { type: 'string', default: 'bench/data/kiosk.sqlite' },
      force: { type: 'boolean', default: false },
      seed: { type: 'string', default: '20261123' },
      batch: { type: 'string', default: '50000' },
      'keep-indexes': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const members = integer('members', parsed.members, FEATURED_COUNT, MAX_GENERATED_MEMBERS);
const visits = integer('visits', parsed.visits, 0, 1_000_000_000);
if (visits > 0 && members <= FEATURED_COUNT) fail(`--visits needs more than the ${FEATURED_COUNT} featured members`);
const seed = integer('seed', parsed.seed, 0, 2 ** 32 - 1);
const batchRows = integer('batch', parsed.batch, 1, 10_000_000);
const out = resolve(parsed.out);
if (existsSync(out) && !parsed.force) fail(`${out} exists; pass --force to overwrite it`);
mkdirSync(dirname(out), { recursive: true });
let release: () => void;
try {
  release = lockDatabase(out);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

generateDatabase({ members, visits, out, seed, batchRows, deferIndexes: !parsed['keep-indexes'] })
  .then(({ seconds, bytes }) => {
    console.log(`generated ${out}: ${members.toLocaleString('en')} members, ${visits.toLocaleString('en')} visits, ` +
      `${(bytes / 1024 ** 2).toFixed(0)} MiB in ${seconds.toFixed(1)} s`);
  })
  .catch((error: unknown) => {
    console.error(`generate-db: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => release());
