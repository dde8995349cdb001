import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrollResponse } from '../core/sync/protocol';
import { createBranch } from './admin';
import { issueEnrollmentCode } from './auth/enrollment';
import { BACKENDS, mutation, TestDevice, VERSION_HEADERS, visitArgs } from './testing';
import { servedHq } from './testSuite';

/** Per-device and per-address limits (SECURITY.md "Head-office API"): 429 with Retry-After, nothing written. */
describe.each(BACKENDS)('rate limits on $name', (backend) => {
  let clock = Date.parse('2026-11-24T02:00:00Z');
  const suite = servedHq(backend, { now: () => clock, rateLimits: { device: { burst: 3, perSecond: 1 }, anonymous: { burst: 2, perSecond: 0.1 } } });

  const enroll = (code: string, ip = '10.0.0.1') =>
    suite.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, deviceName: 'Front desk' }, headers: VERSION_HEADERS, remoteAddress: ip });
  const visits = async () => Number((await suite.hq.db.selectFrom('visit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('a device over its rate gets 429 with Retry-After and nothing is written; it recovers with time', async () => {
    const b = await createBranch(suite.hq.db, { code: `RL-${randomUUID().slice(0, 4)}`, name: '限流测试店' });
    const { code } = await issueEnrollmentCode(suite.hq.db, b.id);
    const enrolled = enrollResponse.parse((await enroll(code, '10.0.0.9')).json());
    const device = new TestDevice(suite.app, enrolled.deviceId, enrolled.secret, enrolled.branchId);
    const clientId = randomUUID();
    const o = { timestamp: clock };
    for (let seq = 1; seq <= 3; seq++) {
      const pushed = await device.push(clientId, [mutation(seq, 'visit.record', visitArgs(b.id))], o);
      expect(pushed.status).toBe(200);
      // The answers carry head office's own clock, which the desks take their offset from.
      expect(pushed.body?.serverTime).toBe(new Date(clock).toISOString());
    }
    const before = await visits();
    const refused = await suite.app.inject({ method: 'GET', url: '/v1/pull?scope=global&after=0', headers: VERSION_HEADERS });
    expect(refused.statusCode).toBe(401); // unsigned: not counted against the device
    const limited = await device.push(clientId, [mutation(4, 'visit.record', visitArgs(b.id))], o);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await visits()).toBe(before);
    clock += 1_000;
    expect((await device.push(clientId, [mutation(4, 'visit.record', visitArgs(b.id))], { timestamp: clock })).status).toBe(200);
  });

  it('enrollment attempts are limited per address: guessing codes is slowed, other addresses unaffected', async () => {
    const first = await enroll('AAAA-BBBB-CCCC', '10.0.0.2');
    const second = await enroll('AAAA-BBBB-CCCD', '10.0.0.2');
    expect([first.statusCode, second.statusCode]).toEqual([403, 403]);
    const third = await enroll('AAAA-BBBB-CCCE', '10.0.0.2');
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await enroll('AAAA-BBBB-CCCF', '10.0.0.3')).statusCode).toBe(403);
  });

  it('failed signatures from one address are slowed before they are checked', async () => {
    const fake = new TestDevice(suite.app, randomUUID(), Buffer.alloc(32).toString('base64'), randomUUID());
    const headers = { 'x-forwarded-for': 'ignored' };
    const results: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await suite.app.inject({ method: 'GET', url: '/v1/pull?scope=global&after=0', headers: { ...VERSION_HEADERS, ...headers, 'x-kiosk-device': fake.deviceId }, remoteAddress: '10.0.0.4' });
      results.push(res.statusCode);
    }
    expect(results).toEqual([401, 401, 429]);
  });
});
