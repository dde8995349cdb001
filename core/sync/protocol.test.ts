import { describe, expect, it } from 'vitest';
import { MAX_PUSH_MUTATIONS, pushRequest } from './protocol';

const mutation = (over: Record<string, unknown> = {}) => ({
  seq: 1,
  mutationId: '0193a3c2-6b1e-7c55-9a41-2f1d8e3c4b5a',
  name: 'visit.record',
  version: 1,
  args: { id: 'x' },
  argsHash: 'a'.repeat(64),
  hlc: '1790000000000-0-dev',
  deviceTime: '2026-11-23T09:00:00.000Z',
  ...over,
});
const push = (mutations: unknown[]) => ({ clientId: '0193a3c2-6b1e-7c55-9a41-2f1d8e3c4b5b', mutations });

describe('push request', () => {
  it('takes a well-formed batch, its args as sent (the handler checks their fields)', () => {
    const args = { id: 'x', nested: { a: [1, 2] } };
    const r = pushRequest.safeParse(push([mutation({ args })]));
    expect(r.success && r.data.mutations[0]!.args).toEqual(args);
  });

  it.each([
    ['args an array', { args: [1] }],
    ['args null', { args: null }],
    ['args a string', { args: '{"id":"x"}' }],
    ['args missing', { args: undefined }],
    ['an unknown field', { extra: 1 }],
    ['a seq of 0', { seq: 0 }],
    ['a mutation id that is no UUID', { mutationId: 'not-a-uuid' }],
    ['a name outside the pattern', { name: 'Visit Record' }],
    ['an args hash in capitals', { argsHash: 'A'.repeat(64) }],
    ['a device time without zone', { deviceTime: '2026-11-23T09:00:00' }],
  ])('refuses a mutation with %s', (_what, over) => {
    expect(pushRequest.safeParse(push([mutation(over)])).success).toBe(false);
  });

  it('refuses an empty batch, an oversized one and an unknown top-level field', () => {
    expect(pushRequest.safeParse(push([])).success).toBe(false);
    expect(pushRequest.safeParse(push(Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, (_, i) => mutation({ seq: i + 1 })))).success).toBe(false);
    expect(pushRequest.safeParse({ ...push([mutation()]), more: true }).success).toBe(false);
  });
});
