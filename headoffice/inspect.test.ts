import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrollResponse, pushResponse } from '../core/sync/protocol';
import { createBranch } from './admin';
import { issueEnrollmentCode } from './auth/enrollment';
import { formatInspection, inspectHq, UnknownBranchError } from './inspect';
import { BACKENDS, mutation, TestDevice, VERSION_HEADERS, visitArgs } from './testing';
import { servedHq } from './testSuite';

describe.each(BACKENDS)('head-office inspection on $name', (backend) => {
  const suite = servedHq(backend);

  async function enrolledDevice(branchId: string, deviceName: string): Promise<TestDevice> {
    const { code } = await issueEnrollmentCode(suite.hq.db, branchId);
    const res = await suite.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName }, headers: VERSION_HEADERS });
    expect(res.statusCode).toBe(200);
    const body = enrollResponse.parse(res.json());
    return new TestDevice(suite.app, body.deviceId, body.secret, body.branchId);
  }

  it('an empty head office reports nothing, and an unknown branch is an error', async () => {
    expect(await inspectHq(suite.hq.db)).toEqual({ branch: null, branches: [], devices: [], clients: [], scopes: [], rejectedMutations: 0, recentVisits: [] });
    await expect(inspectHq(suite.hq.db, { branch: 'NOPE' })).rejects.toBeInstanceOf(UnknownBranchError);
  });

  it('reports devices, clients, visits per branch, change-log heads and rejected mutations, per branch on request', async () => {
    const a = await createBranch(suite.hq.db, { code: 'IN-A', name: 'Inspect A' });
    const b = await createBranch(suite.hq.db, { code: 'IN-B', name: 'Inspect B' });
    const deskA = await enrolledDevice(a.id, 'Desk A');
    const deskB = await enrolledDevice(b.id, 'Desk B');
    const clientA = randomUUID();
    const visits = [visitArgs(a.id, { card_uid: 'AAAA0001' }), visitArgs(a.id, { card_uid: 'AAAA0002' })];
    const pushedA = await deskA.push(clientA, [
      mutation(1, 'visit.record', visits[0]!),
      // Claims branch B: refused for good, and the queue moves on.
      mutation(2, 'visit.record', visitArgs(b.id)),
      mutation(3, 'visit.record', visits[1]!),
    ]);
    expect(pushResponse.parse(pushedA.body).results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    const clientB = randomUUID();
    expect((await deskB.push(clientB, [mutation(1, 'visit.record', visitArgs(b.id))])).status).toBe(200);

    const all = await inspectHq(suite.hq.db);
    expect(all.branch).toBeNull();
    expect(all.branches).toEqual([
      { id: a.id, code: 'IN-A', name: 'Inspect A', members: 0, visits: 2 },
      { id: b.id, code: 'IN-B', name: 'Inspect B', members: 0, visits: 1 },
    ]);
    expect(all.devices.map((d) => [d.id, d.branchCode, d.name, d.status])).toEqual([
      [deskA.deviceId, 'IN-A', 'Desk A', 'active'],
      [deskB.deviceId, 'IN-B', 'Desk B', 'active'],
    ]);
    // Signed requests mark the device as seen.
    for (const d of all.devices) expect(Number.isNaN(Date.parse(d.lastSeenAt ?? ''))).toBe(false);
    expect(all.clients).toEqual(expect.arrayContaining([
      { clientId: clientA, deviceId: deskA.deviceId, branchCode: 'IN-A', lastSeq: 3 },
      { clientId: clientB, deviceId: deskB.deviceId, branchCode: 'IN-B', lastSeq: 1 },
    ]));
    expect(all.scopes).toEqual(expect.arrayContaining([
      { scope: `branch:${a.id}`, branchCode: 'IN-A', lastSeq: 2 },
      { scope: `branch:${b.id}`, branchCode: 'IN-B', lastSeq: 1 },
    ]));
    expect(all.rejectedMutations).toBe(1);
    expect(all.recentVisits).toEqual([]);

    const onlyA = await inspectHq(suite.hq.db, { branch: 'IN-A' });
    expect(onlyA.branch).toBe('IN-A');
    expect(onlyA.branches.map((x) => x.code)).toEqual(['IN-A']);
    expect(onlyA.devices.map((d) => d.id)).toEqual([deskA.deviceId]);
    expect(onlyA.clients.map((c) => c.clientId)).toEqual([clientA]);
    expect(onlyA.scopes.map((s) => s.scope)).not.toContain(`branch:${b.id}`);
    expect(onlyA.rejectedMutations).toBe(1);
    expect(onlyA.recentVisits.map((v) => [v.id, v.memberId, v.cardUid, v.admitted]).sort()).toEqual(
      visits.map((v) => [v['id'], v['member_id'], v['card_uid'], true]).sort(),
    );
    // By id as well as by code; branch B's desk refused nothing.
    expect((await inspectHq(suite.hq.db, { branch: b.id })).rejectedMutations).toBe(0);

    const text = formatInspection(onlyA);
    expect(text).toContain('Head office, branch IN-A');
    expect(text).toContain(deskA.deviceId);
    expect(text).toContain('AAAA0002');
    expect(text).toContain('Rejected mutations: 1');
    expect(text).not.toContain(deskB.deviceId);
  });
});
