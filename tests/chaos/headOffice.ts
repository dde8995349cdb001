/**
 * The real head office for the fault tests: in this process (buildServer on PGlite or
 * PostgreSQL, listening on a real port), with the checks every fault test ends on.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import type { HqDatabase } from '../../headoffice/db/open';
import type { HqDB } from '../../headoffice/db/schema';
import { buildServer, type ServerOptions } from '../../headoffice/server';
import { BACKENDS, type Backend } from '../../headoffice/testing';

export { BACKENDS, type Backend };

export interface RunningHeadOffice {
  hq: HqDatabase;
  app: FastifyInstance;
  port: number;
  url: string;
  /** A new branch at head office and a one-time enrollment code for it. */
  branchWithCode(): Promise<{ branchId: string; code: string }>;
  close(): Promise<void>;
}

export async function startHeadOffice(backend: Backend, options: ServerOptions = {}): Promise<RunningHeadOffice> {
  const { hq, cleanup } = await backend.open();
  // CHAOS_HQ_LOG=1 shows head office's request log (why a request got a 5xx).
  const app = buildServer(hq.db, { logger: Boolean(process.env.CHAOS_HQ_LOG), ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    hq,
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    branchWithCode: () => branchWithCode(hq.db),
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/** Registers beforeAll/afterAll for the calling describe: head office started for its tests; read `.ho` inside them. */
export function headOfficeForSuite(backend: Backend): { ho: RunningHeadOffice } {
  const suite = {} as { ho: RunningHeadOffice };
  beforeAll(async () => {
    suite.ho = await startHeadOffice(backend);
  }, 60_000);
  afterAll(async () => {
    await suite.ho?.close();
  });
  return suite;
}

export async function branchWithCode(db: Kysely<HqDB>): Promise<{ branchId: string; code: string }> {
  const suffix = randomUUID().slice(0, 6);
  const b = await createBranch(db, { code: `C-${suffix}`, name: `Chaos ${suffix}` });
  const { code } = await issueEnrollmentCode(db, b.id);
  return { branchId: b.id, code };
}

/** Head office's view of one branch: its visit ids and how many change-log rows and stored mutations it holds. */
export async function headOfficeView(db: Kysely<HqDB>, branchId: string) {
  const visits = await db.selectFrom('visit').select(['id', 'admitted', 'override_reason']).where('branch_id', '=', branchId).execute();
  const changes = await db.selectFrom('change_log').select(['pk', 'table_name', 'version']).where('scope', '=', `branch:${branchId}`).execute();
  const clients = await db.selectFrom('sync_client').select(['client_id', 'last_seq']).where('branch_id', '=', branchId).execute();
  const mutations = clients.length
    ? await db.selectFrom('sync_mutation').select(['client_id', 'seq', 'mutation_id', 'status']).where('client_id', 'in', clients.map((c) => c.client_id)).execute()
    : [];
  return { visits, changes, clients, mutations };
}

/** What a branch's outbox says it sent: every mutation id and the ids of the visits it recorded. */
export interface BranchRecord {
  outbox: { seq: number; mutation_id: string; name: string; status: string; visitId: string | null }[];
  /** Ids of visit rows written since the branch opened (the demo history is not synced). */
  newVisitIds: string[];
}

/**
 * Exactly-once at head office (SYNC.md faults 2–4): every visit the branch recorded is there
 * once, nothing else is; every outbox row is stored once under its seq; the queue is drained;
 * each visit has one `visit` change per version in the branch's change log.
 */
export async function expectExactlyOnce(db: Kysely<HqDB>, branchId: string, branch: BranchRecord): Promise<void> {
  const view = await headOfficeView(db, branchId);
  const recorded = branch.outbox.filter((r) => r.name === 'visit.record').map((r) => r.visitId!);
  expect(new Set(recorded).size).toBe(recorded.length);
  expect([...recorded].sort()).toEqual([...branch.newVisitIds].sort());
  expect(view.visits.map((v) => v.id).sort()).toEqual([...recorded].sort());
  expect(branch.outbox.filter((r) => r.status === 'pending')).toEqual([]);
  const stored = view.mutations.map((m) => m.mutation_id);
  expect(new Set(stored).size).toBe(stored.length);
  expect([...stored].sort()).toEqual(branch.outbox.map((r) => r.mutation_id).sort());
  expect(view.clients.map((c) => Number(c.last_seq)).reduce((a, b) => a + b, 0)).toBe(branch.outbox.length);
  const visitChanges = view.changes.filter((c) => c.table_name === 'visit' && Number(c.version) === 1).map((c) => c.pk);
  expect(visitChanges.sort()).toEqual([...recorded].sort());
}
