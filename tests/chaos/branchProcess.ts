/**
 * A branch PC as its own process, for the crash-point sweep (SYNC.md fault 2): the kiosk and its
 * sync engine on a SQLite file, checking members in. The parent kills it with SIGKILL at a named
 * point and starts it again on the same file. Settings come in CHAOS_BRANCH (JSON, see
 * BranchSettings); it reports over the IPC channel (BranchMessage).
 *   node --import tsx tests/chaos/branchProcess.ts
 */
import { join } from 'node:path';
import { demoStaff } from '../../services/demo/demoStaff';
import { openKiosk } from '../../services/kiosk';
import { systemClock } from '../../services/ports';
import { localVisitIds } from './branchRecord';

/**
 * Where the process stops and waits for its SIGKILL, at the `at`-th request to `path`: before
 * the request goes out, or with head office's whole answer received and not yet applied.
 */
export type ChildCrashPoint = 'beforeSend' | 'afterResponse';
export type SyncPath = '/v1/push' | '/v1/pull' | '/v1/bootstrap/rows';

export interface BranchSettings {
  dbPath: string;
  serverUrl: string;
  /** Enroll with this one-time code first (a fresh database). */
  code?: string;
  /** Check-ins to make. */
  checkins: number;
  crash?: { point: ChildCrashPoint; path: SyncPath; at: number };
  maxCount?: number;
  /** Keep running (and syncing) after the check-ins until killed. */
  linger?: boolean;
  /** Small pages, so a pull and a roster download take several requests. */
  pageSize?: number;
}

export type BranchMessage =
  | { type: 'opened'; visitIds: string[]; localBranchId: string }
  | { type: 'crashPoint'; point: ChildCrashPoint; path: SyncPath; at: number }
  /** Enrolled (now or before): the check-ins start. */
  | { type: 'enrolled' }
  | { type: 'drained' }
  | { type: 'failed'; message: string };

const settings = JSON.parse(process.env.CHAOS_BRANCH ?? '{}') as BranchSettings;
const tell = (m: BranchMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));
/** Waits for the SIGKILL; the interval keeps the process alive (the engine's own timers do not). */
const forever = () => new Promise<never>(() => setInterval(() => {}, 60_000));

const requests = new Map<string, number>();
/** The engine's fetch, with the crash points the proxy cannot reach (they are inside this process). */
const fetchWithCrashPoints: typeof fetch = async (input, init) => {
  const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
  const n = (requests.get(path) ?? 0) + 1;
  requests.set(path, n);
  const c = settings.crash;
  const crash = c && c.path === path && c.at === n ? c : null;
  if (crash?.point === 'beforeSend') {
    await tell({ type: 'crashPoint', ...crash });
    return forever();
  }
  const res = await fetch(input, init);
  if (crash?.point === 'afterResponse') {
    await res.text(); // the whole answer is here; applying it would come next
    await tell({ type: 'crashPoint', ...crash });
    return forever();
  }
  return res;
};

async function main(): Promise<void> {
  const kiosk = await openKiosk({
    dbPath: settings.dbPath,
    resourcesDir: join(import.meta.dirname, '../../resources'),
    clock: systemClock,
    demo: true,
    fetch: fetchWithCrashPoints,
    syncEngine: {
      kickDelayMs: 5,
      backoff: { baseMs: 10, capMs: 100 },
      ...(settings.maxCount ? { maxCount: settings.maxCount } : {}),
      ...(settings.pageSize ? { pullPageSize: settings.pageSize, bootstrapPageSize: settings.pageSize } : {}),
    },
  });
  await tell({ type: 'opened', visitIds: localVisitIds(kiosk.ctx.kdb.sqlite), localBranchId: kiosk.ctx.desk.branchId });
  const staff = demoStaff('headoffice');
  const staffId = kiosk.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(staff.name) as string;
  const signIn = await kiosk.api['staff.signIn']({ staffId, pin: staff.pin });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.reason}`);
  if (settings.code) await kiosk.api['sync.enroll']({ serverUrl: settings.serverUrl, code: settings.code, deviceName: 'crash sweep' });
  await tell({ type: 'enrolled' });

  const members = kiosk.ctx.kdb.sqlite.prepare('SELECT id FROM member ORDER BY member_no').pluck().all() as string[];
  for (let i = 0; i < settings.checkins; i++) {
    await kiosk.api['checkin.member']({ memberId: members[(i * 7) % members.length]! });
    // Let the engine's kicked pushes interleave with the writes.
    await new Promise((r) => setTimeout(r, 2));
  }
  if (settings.crash || settings.linger) return forever();

  for (;;) {
    await kiosk.sync.running?.idle();
    const status = kiosk.sync.status();
    if (status.state === 'error') throw new Error(`sync stopped: ${status.lastError}`);
    if (status.pendingCount === 0 && status.state === 'online' && status.nextRetryAt === null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await kiosk.close();
  await tell({ type: 'drained' });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await tell({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
