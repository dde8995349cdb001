import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from './admin';
import type { AuthedDevice } from './auth/signature';
import { enrollDevice, issueEnrollmentCode } from './auth/enrollment';
import type { HqDatabase } from './db/open';
import { HANDLERS, type MutationHandler } from './sync/handlers';
import { applyPush } from './sync/push';
import { setActingBranch } from './sync/pushSteps';
import { branchScope } from './sync/scopes';
import { BACKENDS, mutation, visitArgs } from './testing';

/**
 * Migration 5's check (headoffice/db/branchWallSql.ts), the second wall behind the handlers'
 * ownership rules: a handler with a bug that writes another branch's rows is stopped by the
 * database itself, on every push path, and the rest of the push goes on.
 */
describe.each(BACKENDS)('the database refuses a push writing another branch’s rows ($name)', (backend) => {
  let opened: { hq: HqDatabase; cleanup(): Promise<void> };
  let device: AuthedDevice;
  let otherBranch: string;
  const handlers = HANDLERS as Record<string, MutationHandler>;

  beforeAll(async () => {
    opened = await backend.open();
    const db = opened.hq.db;
    const a = await createBranch(db, { code: 'WALL-A', name: '甲店' });
    otherBranch = (await createBranch(db, { code: 'WALL-B', name: '乙店' })).id;
    const e = (await enrollDevice(db, (await issueEnrollmentCode(db, a.id)).code, '前台'))!;
    device = { deviceId: e.deviceId, branchId: a.id };
  }, 60_000);

  afterEach(() => {
    delete handlers['test.buggy'];
  });

  afterAll(async () => {
    await opened?.cleanup();
  });

  const countVisits = async (branchId: string) =>
    Number((await opened.hq.db.selectFrom('visit').select((eb) => eb.fn.countAll().as('n')).where('branch_id', '=', branchId).executeTakeFirstOrThrow()).n);

  for (const bulk of [true, false]) {
    it(`a handler writing a visit of another branch is refused FORBIDDEN with an alert; the push goes on (${bulk ? 'bulk path' : 'one by one'})`, async () => {
      // A handler with the bug the ownership rules exist for: it writes the row for the branch named in the payload.
      handlers['test.buggy'] = {
        versions: [1],
        async run(ctx, args) {
          await ctx.trx.insertInto('visit').values({ ...visitArgs(String(args.branch)), admitted: true, reasons: '[]', received_from_device_id: ctx.device.deviceId, version: 1 } as never).execute();
        },
      };
      const before = await countVisits(otherBranch);
      const alerts: string[] = [];
      const clientId = randomUUID();
      const own = mutation(2, 'visit.record', visitArgs(device.branchId, { device_id: device.deviceId }));
      const outcome = await applyPush(opened.hq.db, device, { clientId, mutations: [mutation(1, 'test.buggy', { branch: otherBranch }), own] }, { bulk, alert: (m) => alerts.push(m) });
      expect(outcome.status).toBe(200);
      const results = outcome.status === 200 ? outcome.body.results : [];
      expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
      expect(results[1]).toMatchObject({ status: 'applied' });
      expect(alerts.some((a) => a.includes('another branch'))).toBe(true);
      expect(await countVisits(otherBranch)).toBe(before);
      // The same handler writing for its own branch passes the check.
      const fine = await applyPush(opened.hq.db, device, { clientId, mutations: [mutation(3, 'test.buggy', { branch: device.branchId })] }, { bulk });
      expect(fine.status === 200 && fine.body.results[0]!.status).toBe('applied');
    });
  }

  for (const bulk of [true, false]) {
    it(`a handler emitting a change for another branch’s log is refused FORBIDDEN; nothing logged, the push goes on (${bulk ? 'bulk path' : 'one by one'})`, async () => {
      handlers['test.buggy'] = {
        versions: [1],
        async run(ctx) {
          ctx.emit({ scope: branchScope(otherBranch), table: 'visit', pk: randomUUID(), op: 'upsert', row: {}, version: 1 });
        },
      };
      const db = opened.hq.db;
      const logged = async (scope: string) =>
        Number((await db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).where('scope', '=', scope).executeTakeFirstOrThrow()).n);
      const before = await logged(branchScope(otherBranch));
      const alerts: string[] = [];
      const own = mutation(2, 'visit.record', visitArgs(device.branchId, { device_id: device.deviceId }));
      const outcome = await applyPush(db, device, { clientId: randomUUID(), mutations: [mutation(1, 'test.buggy', {}), own] }, { bulk, alert: (m) => alerts.push(m) });
      const results = outcome.status === 200 ? outcome.body.results : [];
      expect(results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(results[0]!.error?.code).toBe('FORBIDDEN');
      expect(alerts.some((a) => a.includes('another branch'))).toBe(true);
      expect(await logged(branchScope(otherBranch))).toBe(before);
    });
  }

  it('the database refuses a change-log row of another branch’s scope inside a push', async () => {
    const db = opened.hq.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await setActingBranch(trx, device.branchId);
        await trx.insertInto('change_log').values({ scope: branchScope(otherBranch), seq: 1_000_000, tx_last_seq: 1_000_000, table_name: 'visit', pk: randomUUID(), op: 'upsert', row: '{}', version: 1 }).execute();
      }),
    ).rejects.toMatchObject({ code: 'KS002' });
  });

  it('checks only inside a push: with the acting branch set, moving a visit to another branch fails; unset (admin work), it does not', async () => {
    const db = opened.hq.db;
    const id = randomUUID();
    const row = { ...visitArgs(device.branchId, { id }), admitted: true, reasons: '[]', received_from_device_id: device.deviceId, version: 1 } as never;
    await db.insertInto('visit').values(row).execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await setActingBranch(trx, device.branchId);
        await trx.updateTable('visit').set({ branch_id: otherBranch }).where('id', '=', id).execute();
      }),
    ).rejects.toMatchObject({ code: 'KS002' });
    expect((await db.selectFrom('visit').select('branch_id').where('id', '=', id).executeTakeFirstOrThrow()).branch_id).toBe(device.branchId);
    // The setting is transaction-local: the next transaction on the same connection starts unset.
    await db.transaction().execute(async (trx) => {
      expect((await sql<{ v: string | null }>`SELECT nullif(current_setting('kiosk.acting_branch', true), '') AS v`.execute(trx)).rows[0]!.v).toBeNull();
      await trx.updateTable('visit').set({ branch_id: otherBranch }).where('id', '=', id).execute();
    });
    expect((await db.selectFrom('visit').select('branch_id').where('id', '=', id).executeTakeFirstOrThrow()).branch_id).toBe(otherBranch);
  });
});
