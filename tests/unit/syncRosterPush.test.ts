import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '../../core/contract/memberDto';
import { addDays, localParts } from '../../core/time/localDate';
import { createBranch } from '../../headoffice/admin';
import { issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { type HqDatabase, openHqDatabase } from '../../headoffice/db/open';
import { buildServer } from '../../headoffice/server';
import { registration, validIdCard } from '../../services/members/memberTestKit';
import { waitFor } from '../../services/sync/testing/syncTestKit';
import { openTempKiosk, type TempKiosk } from '../../services/testing/tempKiosk';

/** A desk's roster work reaching the real head office (PGlite) through its own sync engine. */
let hqDir: string;
let hq: HqDatabase;
let app: FastifyInstance;
let url: string;
let branch: { id: string; code: string };
let k: TempKiosk;

beforeAll(async () => {
  hqDir = mkdtempSync(join(tmpdir(), 'hq-roster-'));
  hq = await openHqDatabase({ dataDir: hqDir });
  branch = await createBranch(hq.db, { code: 'SH-JA', name: '静安店' });
  app = buildServer(hq.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  k = await openTempKiosk({ signedInAs: 'headoffice', syncEngine: { kickDelayMs: 5, backoff: { baseMs: 20, capMs: 50 } } });
}, 60_000);
afterAll(async () => {
  await k?.dispose();
  await app?.close();
  await hq?.close();
  rmSync(hqDir, { recursive: true, force: true });
});

describe('roster mutations from a real desk', () => {
  it('register with a card, renew, freeze, a sale and a profile edit all apply at head office; none is rejected', async () => {
    const { code } = await issueEnrollmentCode(hq.db, branch.id);
    await k.api['sync.enroll']({ serverUrl: url, code, deviceName: '前台 1' });
    const today = localParts(k.clock.now(), k.ctx.desk.timeZone).date;

    const reg = await k.api['members.register'](
      registration({
        profile: { phone: '16688880001', idCard: validIdCard(7), healthNotes: '膝关节旧伤' },
        consent: { sensitive: true, textVersion: CONSENT_TEXT_VERSION },
        plan: { code: 'year', startsOn: today, amountFen: 299_900 },
        card: { card: 'C0DE0A01', format: 'hex' },
      }),
    );
    await k.api['membership.renew']({ membershipId: reg.membershipId, planCode: 'month', amountFen: 39_900 });
    await k.api['membership.freeze']({ membershipId: reg.membershipId, from: addDays(today, 1), until: addDays(today, 5), reason: '出差' });
    await k.api['consumption.record']({ memberId: reg.memberId, category: 'product', amountFen: 2_500, note: '蛋白棒' });
    await k.api['members.update']({ memberId: reg.memberId, changes: { name: '林晓晓', fitnessGoal: '马拉松' } });

    await waitFor(() => k.sync.status().pendingCount === 0, 15_000, 'the outbox to drain');
    const outbox = k.ctx.kdb.sqlite.prepare('SELECT name, status, result FROM sync_outbox ORDER BY seq').all() as { name: string; status: string; result: string | null }[];
    expect(outbox.map((r) => r.name)).toEqual(['member.register', 'card.bind', 'membership.renew', 'membership.freeze', 'consumption.record', 'member.update']);
    expect(outbox.filter((r) => r.status !== 'applied')).toEqual([]);

    const member = await hq.db.selectFrom('member').selectAll().where('id', '=', reg.memberId).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ member_no: reg.memberNo, name: '林晓晓', fitness_goal: '马拉松', home_branch_id: branch.id, medical_alert: true, version: 2 });
    // Sealed at the desk: head office holds the opaque value, never the plaintext.
    expect(member.id_card_sealed).not.toBeNull();
    expect(member.id_card_sealed).not.toContain(validIdCard(7));
    expect(member.health_notes_sealed).not.toContain('膝关节');

    const card = await hq.db.selectFrom('card_binding').selectAll().where('member_id', '=', reg.memberId).executeTakeFirstOrThrow();
    expect(card).toMatchObject({ id: reg.card!.id, card_uid: 'C0DE0A01', status: 'active', branch_id: branch.id });

    const local = k.ctx.kdb.sqlite.prepare('SELECT status, valid_until, frozen_from, frozen_until FROM membership WHERE id = ?').get(reg.membershipId);
    const ms = await hq.db.selectFrom('membership').select(['status', 'valid_until', 'frozen_from', 'frozen_until']).where('id', '=', reg.membershipId).executeTakeFirstOrThrow();
    expect(ms).toEqual(local);
    const events = await hq.db.selectFrom('membership_event').select('kind').where('membership_id', '=', reg.membershipId).execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['created', 'frozen', 'renewed']);
    const sales = await hq.db.selectFrom('consumption').select(['source', 'amount_fen', 'branch_id']).where('member_id', '=', reg.memberId).orderBy('amount_fen').execute();
    expect(sales).toEqual([
      { source: 'desk', amount_fen: 2_500, branch_id: branch.id },
      { source: 'renewal', amount_fen: 39_900, branch_id: branch.id },
      { source: 'desk', amount_fen: 299_900, branch_id: branch.id },
    ]);
    expect(await hq.db.selectFrom('member_consent').select('granted').where('member_id', '=', reg.memberId).execute()).toEqual([{ granted: true }]);
  }, 40_000);
});
