import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';
import { PULL_ISSUE_SCAN_ROWS, PULL_MEMBER_NO_MOVED_ASIDE, PULL_ROW_FAILED, PullIssueLog, pullFailureReason } from './pullIssues';

/** Pull issues on the audit chain of a real kiosk database. */
let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ syncDisabled: true });
});
afterEach(async () => {
  await k.dispose();
});

const failed = (pk: string, reason: string) => ({ kind: 'rowFailed' as const, change: { scope: 'global', seq: 7, table: 'member', pk, op: 'upsert' as const, version: 3 }, reason });

describe('pull issue log', () => {
  it('keeps ids as sent, and records a key the audit guard refuses without it rather than failing the page', () => {
    const log = new PullIssueLog(k.ctx.kdb.sqlite, k.clock);
    const id = randomUUID();
    k.ctx.kdb.sqlite.transaction(() => {
      log.record(failed(id, 'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: member.member_no'));
      log.record(failed('13800138000', 'SQLITE_CONSTRAINT_CHECK: CHECK constraint failed: phone 13800138000'));
    })();
    expect(log.list()).toEqual([
      expect.objectContaining({ action: PULL_ROW_FAILED, entity: 'member', entityId: null, details: expect.objectContaining({ seq: 7, reason: 'SQLITE_CONSTRAINT_CHECK: CHECK constraint failed: phone ***' }) }),
      expect.objectContaining({ action: PULL_ROW_FAILED, entity: 'member', entityId: id, details: { scope: 'global', seq: 7, op: 'upsert', version: 3, reason: 'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: member.member_no' } }),
    ]);
  });

  it('records a member moved aside by ids only', () => {
    const log = new PullIssueLog(k.ctx.kdb.sqlite, k.clock);
    const [memberId, winnerId] = [randomUUID(), randomUUID()];
    k.ctx.kdb.sqlite.transaction(() => log.record({ kind: 'memberNoMovedAside', memberId, winnerId }))();
    expect(log.list()).toEqual([expect.objectContaining({ action: PULL_MEMBER_NO_MOVED_ASIDE, entity: 'member', entityId: memberId, details: { winnerId } })]);
  });

  it('reads only the newest stretch of the audit log (it has no index on action)', () => {
    const db = k.ctx.kdb.sqlite;
    const log = new PullIssueLog(db, k.clock);
    const [old, recent] = [randomUUID(), randomUUID()];
    db.transaction(() => log.record(failed(old, 'SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: member.name')))();
    // As if the desk had written that many audit rows since.
    db.prepare("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'audit_log'").run(PULL_ISSUE_SCAN_ROWS);
    db.transaction(() => log.record(failed(recent, 'SQLITE_MISMATCH: datatype mismatch')))();
    expect(log.list().map((i) => i.entityId)).toEqual([recent]);
  });

  it('turns SQLite’s reason into the fixed word the screen shows', () => {
    expect(
      [
        'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: member.member_no',
        'SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: card_binding.id',
        'SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: member.name',
        'SQLITE_CONSTRAINT_CHECK: CHECK constraint failed: gender',
        'SQLITE_MISMATCH: datatype mismatch',
        'SQLite3 can only bind numbers, strings, bigints, buffers, and null',
        'SQLITE_IOERR: disk I/O error',
      ].map(pullFailureReason),
    ).toEqual(['memberNoTaken', 'duplicate', 'missingValue', 'invalidValue', 'unreadableValue', 'unreadableValue', 'other']);
  });
});
