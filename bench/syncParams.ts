import { intFlag } from './database';

/** The parts of the sync benchmark, in the order they run. */
export const SYNC_PARTS = ['drain', 'push', 'bootstrap'] as const;
export type SyncPart = (typeof SYNC_PARTS)[number];

/** The sizes of one sync run; the defaults are the figures for acceptance. */
export interface SyncSize {
  /** Visits a desk records in a week offline (through the check-in service). */
  visits: number;
  /** Other desk mutations in the same week (registrations, edits, cards, sales, renewals, freezes). */
  edits: number;
  /** Simulated enrolled devices pushing at once. */
  devices: number;
  /** Pushes each device sends. */
  pushes: number;
  /** visit.record mutations per push. */
  batch: number;
  /** Push requests in flight at once. */
  concurrency: number;
  /** Members at head office for the bootstrap. */
  members: number;
  /** Week-offline drains, each followed by its plain INSERT; the median round is reported. */
  rounds: number;
  parts: SyncPart[];
}

export const SYNC_DEFAULTS: SyncSize = {
  visits: 21_000,
  edits: 500,
  devices: 500,
  pushes: 4,
  batch: 20,
  concurrency: 50,
  members: 1_000_000,
  rounds: 3,
  parts: [...SYNC_PARTS],
};

export function syncSizeFromFlags(flags: Record<string, string | boolean | undefined>): SyncSize {
  const d = SYNC_DEFAULTS;
  const raw = flags.parts;
  const parts = typeof raw === 'string' ? raw.split(',').map((p) => p.trim()) : [...SYNC_PARTS];
  const unknown = parts.filter((p) => !(SYNC_PARTS as readonly string[]).includes(p));
  if (unknown.length > 0 || parts.length === 0) throw new Error(`--parts takes a comma-separated list of ${SYNC_PARTS.join(', ')}; got ${String(raw)}`);
  const size: SyncSize = {
    visits: intFlag(flags, 'visits', d.visits),
    edits: intFlag(flags, 'edits', d.edits, 0),
    devices: intFlag(flags, 'devices', d.devices),
    pushes: intFlag(flags, 'pushes', d.pushes),
    batch: intFlag(flags, 'batch', d.batch),
    concurrency: intFlag(flags, 'concurrency', d.concurrency),
    members: intFlag(flags, 'members', d.members, 100),
    rounds: intFlag(flags, 'rounds', d.rounds),
    parts: SYNC_PARTS.filter((p) => parts.includes(p)),
  };
  if (size.batch > 500) throw new Error('--batch is at most 500 (the protocol’s push limit)');
  // The registrations come first and the other kinds need registered members to work on.
  if (size.edits > 0 && size.edits < 10) throw new Error('--edits is 0 or at least 10 (one of each kind)');
  return size;
}

/** Only a run of every part at the default sizes replaces bench/results/sync.json. */
export function isDefaultSyncRun(params: Record<string, unknown>): boolean {
  const d = SYNC_DEFAULTS;
  return (
    params.visits === d.visits && params.edits === d.edits && params.devices === d.devices && params.pushes === d.pushes &&
    params.batch === d.batch && params.concurrency === d.concurrency && params.members === d.members && params.rounds === d.rounds &&
    JSON.stringify(params.parts) === JSON.stringify(d.parts)
  );
}
