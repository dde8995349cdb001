import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../core/contract/dispatch';
import { methods, type MethodName } from '../core/contract/methods';
import { memberHostileInputs, staffHostileInputs, syncHostileInputs } from './testing/hostileInputs';
import { openTempKiosk, tableCounts, type TempKiosk } from './testing/tempKiosk';

let k: TempKiosk;
beforeAll(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterAll(async () => {
  await k.dispose();
});

const call = (method: unknown, input: unknown) => dispatch(k.api, method, input, { validateOutput: true });
const big = 'x'.repeat(1_000_000);
const uuid = '0190a5d2-3c4b-7def-8a12-3456789abcde';

// Hostile values every method must refuse (or, for string fields, hold inertly).
const hostileAlways: unknown[] = [
  null,
  42,
  'checkin',
  [],
  [1, 2],
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
];

const hostileByMethod: Record<MethodName, unknown[]> = {
  'desk.info': [{ extra: 1 }],
  'checkin.card': [
    {},
    { card: '', format: 'dec10' },
    { card: big, format: 'dec10' },
    { card: '1234567890', format: 'binary' },
    { card: "1' OR '1'='1", format: 'hex' },
    { card: '<script>alert(1)</script>', format: 'hex' },
    { card: '１２３４５６７８９０', format: 'dec10' },
    { card: '1234567890', format: 'dec10', readerId: '../../etc/passwd' },
    { card: '1234567890', format: 'dec10', extra: true },
    { card: 1234567890, format: 'dec10' },
  ],
  'checkin.member': [{}, { memberId: '' }, { memberId: big }, { memberId: 'M000001' }, { memberId: [uuid] }],
  'checkin.override': [
    { visitId: uuid },
    { visitId: uuid, reason: '' },
    { visitId: uuid, reason: ' ' },
    { visitId: uuid, reason: 'x'.repeat(201) },
    { visitId: 'x', reason: 'ok reason' },
    { visitId: uuid, reason: { toString: 'x' } },
  ],
  'members.search': [{}, { query: '' }, { query: '   ' }, { query: big }, { query: 'a', limit: 0 }, { query: 'a', limit: 1000 }, { query: 'a', limit: 1.5 }, { query: 5 }],
  'members.panel': [{}, { memberId: 'nope' }, { memberId: null }],
  'classes.today': [{ date: '2026-11-23' }],
  'classes.checkIn': [{}, { memberId: uuid }, { sessionId: uuid }, { memberId: uuid, sessionId: 'x' }],
  'readers.list': [{ all: true }],
  'readers.configure': [{}, { readerId: 'wedge' }, { readerId: 'wedge', format: 'octal' }, { readerId: '<img src=x>', format: 'hex' }, { readerId: big, format: 'hex' }],
  ...staffHostileInputs(uuid, big),
  ...memberHostileInputs(uuid, big),
  ...syncHostileInputs(big),
};

describe('every contract method refuses malformed and hostile input and writes nothing', () => {
  for (const method of Object.keys(methods) as MethodName[]) {
    it(method, async () => {
      const before = tableCounts(k);
      for (const input of [...hostileAlways, ...hostileByMethod[method]]) {
        const res = await call(method, input);
        expect(res.ok, `${method} accepted ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
        if (!res.ok) {
          expect(['INVALID_INPUT']).toContain(res.error.code);
          expect(res.error.message).toMatch(/invalid input/);
        }
      }
      expect(tableCounts(k)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('answers an unknown or hostile method name with UNKNOWN_METHOD', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', '', null, 7, 'x'.repeat(10_000)]) {
      const res = await call(name, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      if (!res.ok) expect(res.error.message.length).toBeLessThan(100);
    }
  });

  it('never throws and never writes for random JSON input to any method', async () => {
    const before = tableCounts(k);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(methods) as MethodName[]).filter((m) => m !== 'desk.info' && m !== 'classes.today' && m !== 'readers.list')), fc.jsonValue(), async (method, input) => {
        const res = await call(method, input);
        expect(typeof res.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    // A random `{}` may have signed the desk out or locked it; the next tests need the manager.
    await k.signInAs('manager');
    expect(tableCounts(k).visit).toBe(before.visit);
    expect(tableCounts(k).sync_outbox).toBe(before.sync_outbox);
  });
});

describe('well-formed calls answer with outputs that match the contract', () => {
  it('search, panel, check-in, classes, readers, desk', async () => {
    const info = await call('desk.info', {});
    expect(info.ok).toBe(true);
    const found = await call('members.search', { query: '1380000' .slice(-4) });
    expect(found.ok).toBe(true);
    const search = await call('members.search', { query: '张' });
    expect(search).toMatchObject({ ok: true });
    const first = (search as { ok: true; value: { id: string }[] }).value[0]!;
    expect(await call('members.panel', { memberId: first.id })).toMatchObject({ ok: true });
    expect(await call('members.panel', { memberId: uuid })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('checkin.member', { memberId: uuid })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('checkin.override', { visitId: uuid, reason: '店长同意' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('classes.today', {})).toMatchObject({ ok: true });
    expect(await call('readers.list', {})).toMatchObject({ ok: true });
    expect(await call('readers.configure', { readerId: 'nope', format: 'hex' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('stores hostile text inertly: an override reason with markup and SQL is kept verbatim', async () => {
    const search = (await call('members.search', { query: 'M000003' })) as { ok: true; value: { id: string }[] };
    const denied = (await call('checkin.member', { memberId: search.value[0]!.id })) as { ok: true; value: { visitId: string } };
    const reason = `<script>alert('x')</script>'; DROP TABLE visit; --`.slice(0, 200);
    const res = await call('checkin.override', { visitId: denied.value.visitId, reason });
    expect(res.ok).toBe(true);
    expect(k.ctx.kdb.sqlite.prepare('SELECT override_reason FROM visit WHERE id = ?').pluck().get(denied.value.visitId)).toBe(reason);
    expect(tableCounts(k).visit).toBeGreaterThan(0);
  });
});
