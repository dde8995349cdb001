import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { branchMap, type OutboxRow, toWire } from './pushWire';

const LOCAL = '0190acb8-ec7a-7000-8000-00000000aaaa';
const SERVER = '22d8f1c1-0452-404e-a35d-f7972b6fb9df';

function row(args: Record<string, unknown>): OutboxRow {
  const text = JSON.stringify(args);
  return {
    seq: 7, client_id: 'c', mutation_id: 'm', name: 'member.register', version: 1, args: text,
    args_hash: createHash('sha256').update(text).digest('hex'), hlc: 'h', device_time: '2026-11-23T09:00:00.000Z', status: 'pending', last_error: null,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a queued mutation on the wire', () => {
  it('sends the args as stored, byte for byte, with the stored hash', () => {
    const args = { id: 'v1', branch_id: SERVER, note: 'price $& and $1 stay as typed' };
    const wire = toWire(row(args), branchMap(LOCAL, SERVER));
    const sent = JSON.parse(wire.json) as { args: unknown; argsHash: string };
    expect(sent.args).toEqual(args);
    expect(wire.json).toContain(JSON.stringify(args));
    expect(sent.argsHash).toBe(sha256(JSON.stringify(args)));
    expect(wire.bytes).toBe(Buffer.byteLength(wire.json));
  });

  it('sends the envelope the push request schema takes: every field, strings escaped', () => {
    const args = { id: 'v1', note: '引号 " 与 \\ 反斜杠' };
    const r = { ...row(args), mutation_id: '0190acb8-ec7a-7000-8000-00000000bbbb', hlc: '0000018f"3a\\b:0001:desk', name: 'visit.record', version: 2 };
    const wire = toWire(r);
    expect(JSON.parse(wire.json)).toEqual({
      seq: 7, mutationId: r.mutation_id, name: 'visit.record', version: 2, args, argsHash: r.args_hash, hlc: r.hlc, deviceTime: r.device_time,
    });
  });

  it("replaces the desk's branch id with head office's under every branch key, at any depth, and hashes what it sends", () => {
    const args = {
      member: { id: 'm1', home_branch_id: LOCAL, note: `copied "branch_id":"${LOCAL}" from a form` },
      consumption: { branch_id: LOCAL, receipt_no: '$&' },
      moves: [{ branchId: LOCAL }, { branchId: 'another' }],
      other_id: LOCAL,
    };
    const wire = toWire(row(args), branchMap(LOCAL, SERVER));
    const sent = JSON.parse(wire.json) as { args: typeof args; argsHash: string };
    const expected = {
      ...args,
      member: { ...args.member, home_branch_id: SERVER },
      consumption: { ...args.consumption, branch_id: SERVER },
      moves: [{ branchId: SERVER }, { branchId: 'another' }],
    };
    // Only branch keys change: the id quoted inside a note and a non-branch key keep the desk's id.
    expect(sent.args).toEqual(expected);
    expect(sent.argsHash).toBe(sha256(JSON.stringify(expected)));
  });

  it('leaves the args alone when the branch ids are the same or the args hold none', () => {
    const args = { id: 'v1', branch_id: SERVER };
    expect(branchMap(SERVER, SERVER)).toBeNull();
    const wire = toWire(row(args), branchMap(LOCAL, SERVER));
    expect(JSON.parse(wire.json).argsHash).toBe(row(args).args_hash);
  });
});
