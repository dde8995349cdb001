import { randomUUID } from 'node:crypto';
import http from 'node:http';
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
    devices.push({ deviceId: body.data.deviceId, branchId: body.data.branchId, secret: Buffer.from(body.data.secret, 'base64'), clientId: randomUUID(), nextSeq: 1 });
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

/** A push ready to send: its body and signed headers, built before the clock starts. */
interface ReadyPush {
  body: string;
  headers: Record<string, string>;
}

/** POST over a keep-alive connection of `agent`; answers the status and the body text. */
function post(agent: http.Agent, url: URL, push: ReadyPush): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(push.body), ...push.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(push.body);
  });
}

/**
 * `devices` enrolled devices each send `pushes` pushes of `batch` visits over loopback, at most
 * `concurrency` requests in flight. A device's pushes go one after another (its seqs are in
 * order); the others fill the slots in between. A non-200 answer or a rejected mutation is an error.
 *
 * What is measured is head office: the devices are other machines in a chain, so their work —
 * making the check-ins, hashing, signing — is done before the clock starts (every signature
 * is minutes inside head office's clock-skew window), and requests go out through plain
 * keep-alive `node:http`, the lightest client at hand, to leave the two cores to the server.
 */
export async function measurePushes(bench: BenchHq, serverUrl: string, size: SyncSize): Promise<PushFigures> {
  const e0 = performance.now();
  const devices = await enrollDevices(bench, serverUrl, size.devices, size.concurrency);
  const enrollSeconds = (performance.now() - e0) / 1000;
  const ready = new Map<Device, ReadyPush[]>();
  for (const d of devices) {
    ready.set(
      d,
      Array.from({ length: size.pushes }, () => {
        const body = pushBody(d, size.batch);
        return { body, headers: signedHeaders({ method: 'POST', path: PUSH_PATH, body, deviceId: d.deviceId, secret: d.secret, timestampMs: Date.now() }) };
      }),
    );
  }

  // A queue of devices: a worker takes the next one, sends its next push and puts it back while
  // it has pushes left. With more devices than workers no device ever has two pushes in flight.
  const queue = [...devices];
  const latenciesMs: number[] = [];
  let errors = 0;
  let mutations = 0;
  let firstError: string | null = null;
  const total = size.devices * size.pushes;
  const url = new URL(PUSH_PATH, serverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: size.concurrency });
  const fail = (why: string) => {
    errors++;
    firstError ??= why;
  };
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const push = ready.get(d)!.shift()!;
      const t0 = performance.now();
      try {
        const { status, text } = await post(agent, url, push);
        latenciesMs.push(performance.now() - t0);
        const parsed = status === 200 ? pushResponse.safeParse(JSON.parse(text)) : null;
        if (!parsed?.success) fail(`HTTP ${status}: ${text.slice(0, 200)}`);
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
      if (ready.get(d)!.length > 0) queue.push(d);
    }
  };
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(size.concurrency, devices.length) }, worker));
  } finally {
    agent.destroy();
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  return { pushes: latenciesMs.length, mutations, errors, wallSeconds, latenciesMs, enrollSeconds, firstError };
}

export function pushP95(figures: PushFigures): number {
  return percentile(figures.latenciesMs, 95);
}
