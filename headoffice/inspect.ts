import type { Kysely } from 'kysely';
import type { HqDB } from './db/schema';
import { branchScope, GLOBAL_SCOPE } from './sync/scopes';

/**
 * A read-only look at what head office holds (`npm run headoffice:admin -- inspect`): who is
 * enrolled and when they were last heard from, how far each sync client has pushed, what arrived
 * per branch, how far each change-log scope has grown, and how many mutations were refused.
 * Used by people checking a branch after an outage, and by the end-to-end tests.
 */
export interface HqInspection {
  /** The branch the report is limited to (its code), or null for all. */
  branch: string | null;
  branches: { id: string; code: string; name: string; members: number; visits: number }[];
  devices: { id: string; branchCode: string; name: string; status: string; lastSeenAt: string | null }[];
  clients: { clientId: string; deviceId: string; branchCode: string; lastSeq: number }[];
  /** Change-log heads: the last seq taken in each scope (`global`, `branch:<id>`). */
  scopes: { scope: string; branchCode: string | null; lastSeq: number }[];
  rejectedMutations: number;
  /** With a branch: its latest visits, newest first (member ids as the kiosk recorded them). */
  recentVisits: { id: string; memberId: string; cardUid: string | null; occurredAt: string; color: string; admitted: boolean; deviceId: string }[];
}

export class UnknownBranchError extends Error {
  constructor(code: string) {
    super(`no branch ${code}`);
    this.name = 'UnknownBranchError';
  }
}

/** How many of a branch's latest visits the report lists. */
export const RECENT_VISITS = 50;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Counts per key of a `select key, count(*) … group by key` (PostgreSQL answers bigint counts as text). */
function countsBy(rows: { key: string; n: unknown }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export async function inspectHq(db: Kysely<HqDB>, o: { branch?: string } = {}): Promise<HqInspection> {
  const allBranches = await db.selectFrom('branch').select(['id', 'code', 'name']).orderBy('code').execute();
  const only = o.branch === undefined ? null : allBranches.find((b) => b.code === o.branch || b.id === o.branch);
  if (o.branch !== undefined && !only) throw new UnknownBranchError(o.branch);
  const codeOf = new Map(allBranches.map((b) => [b.id, b.code]));
  const branchIds = only ? [only.id] : allBranches.map((b) => b.id);
  if (branchIds.length === 0) return { branch: null, branches: [], devices: [], clients: [], scopes: [], rejectedMutations: 0, recentVisits: [] };

  const [members, visits, devices, clients, scopes, rejected] = await Promise.all([
    db.selectFrom('member').select((eb) => ['home_branch_id as key', eb.fn.countAll().as('n')]).where('home_branch_id', 'in', branchIds).groupBy('home_branch_id').execute(),
    db.selectFrom('visit').select((eb) => ['branch_id as key', eb.fn.countAll().as('n')]).where('branch_id', 'in', branchIds).groupBy('branch_id').execute(),
    db.selectFrom('device').select(['id', 'branch_id', 'name', 'status', 'last_seen_at', 'created_at']).where('branch_id', 'in', branchIds).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('sync_client').select(['client_id', 'device_id', 'branch_id', 'last_seq', 'created_at']).where('branch_id', 'in', branchIds).orderBy('created_at').orderBy('client_id').execute(),
    db
      .selectFrom('sync_scope')
      .select(['scope', 'last_seq'])
      .where('scope', 'in', [GLOBAL_SCOPE, ...branchIds.map(branchScope)])
      .orderBy('scope')
      .execute(),
    db
      .selectFrom('sync_mutation')
      .innerJoin('sync_client', 'sync_client.client_id', 'sync_mutation.client_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('sync_mutation.status', '=', 'rejected')
      .where('sync_client.branch_id', 'in', branchIds)
      .executeTakeFirstOrThrow(),
  ]);
  const memberCounts = countsBy(members);
  const visitCounts = countsBy(visits);
  const recentVisits = only
    ? await db
        .selectFrom('visit')
        .select(['id', 'member_id', 'card_uid', 'occurred_at', 'color', 'admitted', 'device_id'])
        .where('branch_id', '=', only.id)
        .orderBy('occurred_at', 'desc')
        .orderBy('id')
        .limit(RECENT_VISITS)
        .execute()
    : [];

  return {
    branch: only?.code ?? null,
    branches: allBranches
      .filter((b) => branchIds.includes(b.id))
      .map((b) => ({ id: b.id, code: b.code, name: b.name, members: memberCounts.get(b.id) ?? 0, visits: visitCounts.get(b.id) ?? 0 })),
    devices: devices.map((d) => ({ id: d.id, branchCode: codeOf.get(d.branch_id) ?? d.branch_id, name: d.name, status: d.status, lastSeenAt: iso(d.last_seen_at) })),
    clients: clients.map((c) => ({ clientId: c.client_id, deviceId: c.device_id, branchCode: codeOf.get(c.branch_id) ?? c.branch_id, lastSeq: Number(c.last_seq) })),
    scopes: scopes.map((s) => {
      const branchId = s.scope.startsWith('branch:') ? s.scope.slice('branch:'.length) : null;
      return { scope: s.scope, branchCode: branchId ? (codeOf.get(branchId) ?? null) : null, lastSeq: Number(s.last_seq) };
    }),
    rejectedMutations: Number(rejected.n),
    recentVisits: recentVisits.map((v) => ({
      id: v.id,
      memberId: v.member_id,
      cardUid: v.card_uid,
      occurredAt: iso(v.occurred_at) ?? '',
      color: v.color,
      admitted: v.admitted,
      deviceId: v.device_id,
    })),
  };
}

/** Terminal columns a text takes: CJK and full-width characters take two (branch names are Chinese). */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** A plain-text table: columns padded to their widest cell. */
function table(headers: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return '  (none)';
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i]!))));
  return cells.map((r) => `  ${r.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join('  ')}`.trimEnd()).join('\n');
}

/** The report as people read it in a terminal. */
export function formatInspection(r: HqInspection): string {
  const parts = [
    r.branch ? `Head office, branch ${r.branch}` : 'Head office, all branches',
    '',
    'Branches',
    table(['code', 'name', 'members', 'visits'], r.branches.map((b) => [b.code, b.name, b.members, b.visits])),
    '',
    'Devices',
    table(['id', 'branch', 'status', 'last seen', 'name'], r.devices.map((d) => [d.id, d.branchCode, d.status, d.lastSeenAt ?? 'never', d.name])),
    '',
    'Sync clients',
    table(['client', 'device', 'branch', 'last seq'], r.clients.map((c) => [c.clientId, c.deviceId, c.branchCode, c.lastSeq])),
    '',
    'Change log',
    table(['scope', 'branch', 'last seq'], r.scopes.map((s) => [s.scope, s.branchCode ?? '', s.lastSeq])),
    '',
    `Rejected mutations: ${r.rejectedMutations}`,
  ];
  if (r.branch) {
    parts.push('', `Latest visits (up to ${RECENT_VISITS})`);
    parts.push(table(['occurred at', 'member', 'card', 'colour', 'admitted'], r.recentVisits.map((v) => [v.occurredAt, v.memberId, v.cardUid ?? '', v.color, v.admitted ? 'yes' : 'no'])));
  }
  return parts.join('\n');
}
