import { randomUUID } from 'node:crypto';
import { enrollResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, pushResponse, SCHEMA_HEADER } from '../core/sync/protocol';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index';
import { createBranch } from '../headoffice/admin';
import { issueEnrollmentCode } from '../headoffice/auth/enrollment';
import { argsHash, visitArgs } from '../headoffice/testing';
import { signedHeaders } from '../services/sync/signer';
import { percentile } from './lib';
import type { BenchHq } from './syncHq';
import type { SyncSize } from './syncParams';

/**
 * Devices per branch. A chain with 500 front-desk PCs has a hundred or more branches of a few
 * desks each, so 500 devices are 100 branches of 5. It matters: head office commits one push at
 * a time per branch (the branch's change-log counter is locked until the commit is on disk, so
 * seq order is commit order), and pushes of different branches run side by side.
 */
const DEVICES_PER_BRANCH = 5;
const PUSH_PATH = '/v1/push';

interface Device {
  deviceId: string;
  branchId: string;
  secret: Buffer;
  clientId: string;
  nextSeq: number;
  pushesLeft: number;
}

export interface PushFigures {
  pushes: number;
  mutations: number;
  errors: number;
  wallSeconds: number;
  latenciesMs: number[];
  enrollSeconds: number;
  firstError: string | null;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Enrolls `count` devices for real: a one-time code each, then POST /v1/enroll as the desk sends it. */
async function enrollDevices(bench: BenchHq, serverUrl: string, count: number, concurrency: number): Promise<Device[]> {
  const branches = [];
  for (let b = 0; b * DEVICES_PER_BRANCH < count; b++) branches.push(await createBranch(bench.hq.db, { code: `BENCH-${String(b + 1).padStart(2, '0')}`, name: `基准店 ${b + 1}` }));
  const codes: string[] = [];
  for (let i = 0; i < count; i++) codes.push((await issueEnrollmentCode(bench.hq.db, branches[Math.floor(i / DEVICES_PER_BRANCH)]!.id)).code);
  const devices: Device[] = [];
  await pool(codes, concurrency, async (code) => {
    const res = await fetch(new URL('/v1/enroll', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: String(LATEST_SCHEMA_VERSION) },
      body: JSON.stringify({ code, deviceName: `前台 ${devices.length + 1}` }),
    });
    const body = enrollResponse.safeParse(await res.json());
    if (!res.ok || !body.success) throw new Error(`enrollment answered ${res.status}`);
    devices.push({ deviceId: body.data.deviceId, branchId: body.data.branchId, secret: Buffer.from(body.data.secret, 'base64'), clientId: randomUUID(), nextSeq: 1, pushesLeft: 0 });
  });
  return devices;
}

/** One push of `batch` visit.record mutations, with its body and signature built as services/sync/pushClient.ts builds them. */
function pushBody(d: Device, batch: number): string {
  const mutations = [];
  for (let i = 0; i < batch; i++) {
    const args = visitArgs(d.branchId, { device_id: d.deviceId });
    const seq = d.nextSeq++;
    mutations.push({ seq, mutationId: randomUUID(), name: 'visit.record', version: 1, args, argsHash: argsHash(args), hlc: `${Date.now()}-0-${seq}`, deviceTime: new Date().toISOString() });
  }
  return JSON.stringify({ clientId: d.clientId, mutations });
}

/**
 * `devices` enrolled devices each send `pushes` pushes of `batch` visits over loopback, at most
 * `concurrency` requests in flight. A device's pushes go one after another (its seqs are in
 * order); the others fill the slots in between. A non-200 answer or a rejected mutation is an error.
 */
export async function measurePushes(bench: BenchHq, serverUrl: string, size: SyncSize): Promise<PushFigures> {
  const e0 = performance.now();
  const devices = await enrollDevices(bench, serverUrl, size.devices, size.concurrency);
  const enrollSeconds = (performance.now() - e0) / 1000;
  for (const d of devices) d.pushesLeft = size.pushes;

  // A queue of devices: a worker takes the next one, sends one push and puts it back while it has
  // pushes left. With more devices than workers no device ever has two pushes in flight.
  const queue = [...devices];
  const latenciesMs: number[] = [];
  let errors = 0;
  let mutations = 0;
  let firstError: string | null = null;
  const total = size.devices * size.pushes;
  const fail = (why: string) => {
    errors++;
    firstError ??= why;
  };
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const body = pushBody(d, size.batch);
      const headers = signedHeaders({ method: 'POST', path: PUSH_PATH, body, deviceId: d.deviceId, secret: d.secret, timestampMs: Date.now() });
      const t0 = performance.now();
      try {
        const res = await fetch(new URL(PUSH_PATH, serverUrl), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const text = await res.text();
        latenciesMs.push(performance.now() - t0);
        const parsed = res.status === 200 ? pushResponse.safeParse(JSON.parse(text)) : null;
        if (!parsed?.success) fail(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        else {
          const rejected = parsed.data.results.filter((r) => r.status !== 'applied');
          if (rejected.length > 0) fail(`rejected: ${JSON.stringify(rejected[0])}`);
          else mutations += parsed.data.results.length;
        }
      } catch (error) {
        latenciesMs.push(performance.now() - t0);
        fail(`network: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (latenciesMs.length % 500 === 0) process.stderr.write(`[bench] sync: ${latenciesMs.length}/${total} pushes\n`);
      if (--d.pushesLeft > 0) queue.push(d);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(size.concurrency, devices.length) }, worker));
  const wallSeconds = (performance.now() - t0) / 1000;
  return { pushes: latenciesMs.length, mutations, errors, wallSeconds, latenciesMs, enrollSeconds, firstError };
}

export function pushP95(figures: PushFigures): number {
  return percentile(figures.latenciesMs, 95);
}
