/** Test support for the handler suites: an enrolled desk pushing one mutation at a time. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { enrollResponse, type MutationResult, pushResponse } from '../../../core/sync/protocol';
import { formatHlc } from '../../../core/sync/hlc';
import { createBranch } from '../../admin';
import { issueEnrollmentCode } from '../../auth/enrollment';
import type { HqDatabase } from '../../db/open';
import { mutation, TestDevice, VERSION_HEADERS } from '../../testing';

export class TestDesk {
  readonly clientId = randomUUID();
  private seq = 0;
  private hlcMs = Date.now();

  constructor(readonly device: TestDevice) {}

  get branchId(): string {
    return this.device.branchId;
  }

  /** Pushes one mutation (a canonical HLC of this desk unless `hlc` is given) and answers its result. */
  async push(name: string, args: Record<string, unknown>, o: { hlc?: string; version?: number } = {}): Promise<MutationResult> {
    const m = { ...mutation(++this.seq, name, args, o.version ?? 1), hlc: o.hlc ?? formatHlc({ ms: ++this.hlcMs, counter: 0 }, this.clientId) };
    const res = await this.device.push(this.clientId, [m]);
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${JSON.stringify(res.body)}`);
    return pushResponse.parse(res.body).results[0]!;
  }

  /** Pushes `name` twice under two client ids of this device (a reinstall's replay): both results. */
  async replayed(name: string, args: Record<string, unknown>): Promise<[MutationResult, MutationResult]> {
    const m = mutation(1, name, args);
    const first = pushResponse.parse((await this.device.push(randomUUID(), [m])).body).results[0]!;
    const again = pushResponse.parse((await this.device.push(randomUUID(), [{ ...m, mutationId: randomUUID() }])).body).results[0]!;
    return [first, again];
  }
}

let branchNo = 0;

/** A new branch with one enrolled desk. */
export async function newDesk(hq: HqDatabase, app: FastifyInstance, branchId?: string): Promise<TestDesk> {
  const b = branchId ?? (await createBranch(hq.db, { code: `H${++branchNo}-${randomUUID().slice(0, 6)}`, name: `Branch ${branchNo}` })).id;
  const { code } = await issueEnrollmentCode(hq.db, b);
  const res = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName: 'Front desk' }, headers: VERSION_HEADERS });
  if (res.statusCode !== 200) throw new Error(`enroll answered ${res.statusCode}`);
  const body = enrollResponse.parse(res.json());
  return new TestDesk(new TestDevice(app, body.deviceId, body.secret, body.branchId));
}

const WRITTEN_TABLES = [
  'member', 'membership', 'membership_event', 'member_consent', 'card_binding', 'consumption', 'class_attendance', 'deletion_request',
  'member_conflict', 'member_duplicate', 'visit', 'change_log',
] as const;

/** Row counts of every table a handler writes: equal before and after means nothing was written. */
export async function writtenCounts(hq: HqDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of WRITTEN_TABLES) {
    const r = await hq.db.selectFrom(t as 'member').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** The change-log rows of a table and key, oldest first. */
export async function changesOf(hq: HqDatabase, table: string, pk: string) {
  return hq.db.selectFrom('change_log').selectAll().where('table_name', '=', table).where('pk', '=', pk).orderBy('scope').orderBy('seq').execute();
}
