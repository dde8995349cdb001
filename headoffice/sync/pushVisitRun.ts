import { type Kysely, sql } from 'kysely';
import type { MutationResult, PushRequest } from '../../core/sync/protocol';
import type { AuthedDevice } from '../auth/signature';
import type { HqDB } from '../db/schema';
import { newVisitKioskRow } from './handlers/visit';
import { isOtherBranchWrite, isPermanentDbError, type PushOutcome } from './pushSteps';
import { branchScope } from './scopes';

/** The SQLSTATE push_visit_run raises when a visit of the push is already stored. */
const VISIT_ALREADY_STORED = 'KS001';

/**
 * The commonest push — a desk's next run of new check-ins — in one statement and one round trip
 * (headoffice/db/pushVisitRunSql.ts) instead of eight, sending each visit once, in the shape
 * its change-log row takes: the same rows, results and change log as the general path
 * (headoffice/pushBulk.test.ts holds them equal). Null when the batch is anything else, or the
 * database finds it is not a plain next run; the caller then takes the general path, which has
 * the answer for every case.
 */
export async function tryPushVisitRun(db: Kysely<HqDB>, device: AuthedDevice, req: PushRequest): Promise<PushOutcome | null> {
  const { mutations } = req;
  const first = mutations[0]!.seq;
  const rows: Record<string, unknown>[] = [];
  const visitIds = new Set<unknown>();
  const mutationIds = new Set<string>();
  for (const [i, m] of mutations.entries()) {
    if (m.name !== 'visit.record' || m.version !== 1 || m.seq !== first + i || mutationIds.has(m.mutationId)) return null;
    const row = newVisitKioskRow(m.args, device);
    if (!row || visitIds.has(row.id)) return null;
    mutationIds.add(m.mutationId);
    visitIds.add(row.id);
    rows.push(row);
  }
  const lastSeq = first + mutations.length - 1;
  const stored = JSON.stringify(mutations.map((m) => ({ seq: m.seq, mutation_id: m.mutationId, args_hash: m.argsHash, hlc: m.hlc, device_time: m.deviceTime })));
  try {
    const { rows: answer } = await sql<{ ok: boolean }>`
      SELECT push_visit_run(${req.clientId}, ${device.deviceId}, ${device.branchId}, ${branchScope(device.branchId)}, ${first}, ${lastSeq},
        ${JSON.stringify(rows)}::jsonb, ${stored}::jsonb) AS ok`.execute(db);
    if (!answer[0]?.ok) return null;
  } catch (e) {
    // A stored visit, a value PostgreSQL refuses (a poison row) or another branch's row: the general path sorts it out.
    if ((e as { code?: unknown }).code === VISIT_ALREADY_STORED || isPermanentDbError(e) || isOtherBranchWrite(e)) return null;
    throw e;
  }
  const results: MutationResult[] = mutations.map((m) => ({ seq: m.seq, mutationId: m.mutationId, status: 'applied' }));
  return { status: 200, body: { results, lastSeq } };
}
