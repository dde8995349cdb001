import type { Selectable } from 'kysely';
import { DROPPED_MUTATION_NAME, type PushMutation } from '../../core/sync/protocol';
import type { SyncOutboxTable } from '../../db/schema';
import { safeJson } from './signedFetch';
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

/** The args with the local branch id replaced by head office's (under BRANCH_KEYS, at any depth), or null when none holds it. */
function mapBranch(argsJson: string, map: BranchMap | null): Record<string, unknown> | null {
  if (!map || !argsJson.includes(map.local)) return null;
  const args = safeJson(argsJson);
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  let changed = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) {
      if (BRANCH_KEYS.has(key) && v === map.local) {
        record[key] = map.server;
        changed = true;
      } else {
        visit(v);
      }
    }
  };
  visit(args);
  return changed ? (args as Record<string, unknown>) : null;
}

export function toWire(row: OutboxRow, map: BranchMap | null = null): Wire {
  const dropped = isDropped(row);
  const mapped = dropped ? null : mapBranch(row.args, map);
  let m: PushMutation;
  if (mapped) {
    // Deterministic: a resend maps the same row to the same bytes and hash.
    m = { seq: row.seq, mutationId: row.mutation_id, name: row.name, version: row.version, args: mapped, argsHash: sha256Hex(JSON.stringify(mapped)), hlc: row.hlc, deviceTime: row.device_time };
    const json = JSON.stringify(m);
    return { row, json, bytes: Buffer.byteLength(json), dropped };
  }
  if (dropped) {
    const args = { name: row.name, reason: 'too large to send' };
    m = { seq: row.seq, mutationId: row.mutation_id, name: DROPPED_MUTATION_NAME, version: 1, args, argsHash: sha256Hex(JSON.stringify(args)), hlc: row.hlc, deviceTime: row.device_time };
  } else {
    // args is already JSON text (db/outbox.ts); it is spliced in as-is so the hash the server checks is of these very bytes.
    m = { seq: row.seq, mutationId: row.mutation_id, name: row.name, version: row.version, args: {}, argsHash: row.args_hash, hlc: row.hlc, deviceTime: row.device_time };
  }
  const json = dropped ? JSON.stringify(m) : JSON.stringify(m).replace('"args":{}', `"args":${row.args}`);
  return { row, json, bytes: Buffer.byteLength(json), dropped };
}

