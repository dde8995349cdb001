import type { Selectable } from 'kysely';
import { DROPPED_MUTATION_NAME, type PushMutation } from '../../core/sync/protocol';
import type { SyncOutboxTable } from '../../db/schema';
import { sha256Hex } from './signer';

/** The code a mutation too large to ever be sent is rejected with, locally. */
export const LOCAL_TOO_LARGE = 'LOCAL_TOO_LARGE';

/** A sync_outbox row as the push reads it: every column but attempts and result. */
export type OutboxRow = Omit<Selectable<SyncOutboxTable>, 'attempts' | 'result'>;

/** An outbox row encoded for the push body, with its size in bytes. */
export interface Wire {
  row: OutboxRow;
  json: string;
  bytes: number;
  dropped: boolean;
}

function isDropped(row: OutboxRow): boolean {
  return row.status === 'rejected' && (row.last_error ?? '').startsWith(LOCAL_TOO_LARGE);
}

/** Local branch id → head office's, when they differ. */
export interface BranchMap {
  local: string;
  server: string;
}

export function branchMap(local: string | undefined, server: string): BranchMap | null {
  return local && local !== server ? { local, server } : null;
}

/** Keys whose value is a branch id, at any depth (member.register nests the member and its payment). */
const BRANCH_KEYS: ReadonlySet<string> = new Set(['branch_id', 'branchId', 'home_branch_id']);

/**
 * The args JSON with the local branch id replaced by head office's (under BRANCH_KEYS, at any
 * depth), or null when none holds it. Replaced in the text: in valid JSON a quote inside a
 * string is escaped, so `"branch_id":"<id>"` only ever matches a key and its value, and the
 * result is the text JSON.stringify gives for the changed args (the outbox stored the args as
 * JSON.stringify wrote them), which the hash is taken of.
 */
function mapBranch(argsJson: string, map: BranchMap | null): string | null {
  if (!map || !argsJson.includes(map.local)) return null;
  let changed = false;
  const mapped = argsJson.replace(branchValue(map.local), (_match, key: string) => {
    changed = true;
    return `"${key}":${JSON.stringify(map.server)}`;
  });
  return changed ? mapped : null;
}

const branchValues = new Map<string, RegExp>();
function branchValue(local: string): RegExp {
  let re = branchValues.get(local);
  if (!re) {
    const keys = [...BRANCH_KEYS].join('|');
    re = new RegExp(`"(${keys})":${JSON.stringify(local).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
    branchValues.set(local, re);
  }
  return re;
}

export function toWire(row: OutboxRow, map: BranchMap | null = null): Wire {
  const m = (name: string, version: number, args: Record<string, unknown>, argsHash: string): PushMutation => ({
    seq: row.seq, mutationId: row.mutation_id, name, version, args, argsHash, hlc: row.hlc, deviceTime: row.device_time,
  });
  if (isDropped(row)) {
    const args = { name: row.name, reason: 'too large to send' };
    const json = JSON.stringify(m(DROPPED_MUTATION_NAME, 1, args, sha256Hex(JSON.stringify(args))));
    return { row, json, bytes: Buffer.byteLength(json), dropped: true };
  }
  // args is already JSON text (db/outbox.ts); it is spliced in as-is so the hash the server checks
  // is of these very bytes. With the branch id mapped, the hash is of the mapped text —
  // deterministic, so a resend maps the same row to the same bytes and hash. The envelope is
  // written out directly (thousands of rows per drain): the same object as `m(…)` gives.
  const mapped = mapBranch(row.args, map);
  const args = mapped ?? row.args;
  const hash = mapped === null ? row.args_hash : sha256Hex(mapped);
  const json =
    `{"seq":${Number(row.seq)},"mutationId":${JSON.stringify(row.mutation_id)},"name":${JSON.stringify(row.name)},"version":${Number(row.version)},` +
    `"args":${args},"argsHash":${JSON.stringify(hash)},"hlc":${JSON.stringify(row.hlc)},"deviceTime":${JSON.stringify(row.device_time)}}`;
  return { row, json, bytes: Buffer.byteLength(json), dropped: false };
}
