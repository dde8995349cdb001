import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../testing';
import { servedHq } from '../../testSuite';
import { highestReservedMemberNo, nextReservedMemberNo } from './memberRegister';
import { registerArgs } from './testArgs';
import { changesOf, newDesk, type TestDesk } from './testDesk';

describe('nextReservedMemberNo', () => {
  it('counts M0000 + at least 6 digits, longer past 999999', () => {
    expect(nextReservedMemberNo(null)).toBe('M0000000001');
    expect(nextReservedMemberNo('M0000000041')).toBe('M0000000042');
    expect(nextReservedMemberNo('M0000999999')).toBe('M00001000000');
  });
});

describe.each(BACKENDS)('member number collisions on $name', (backend) => {
  const suite = servedHq(backend);

  const numberOf = async (id: string) => (await suite.hq.db.selectFrom('member').select('member_no').where('id', '=', id).executeTakeFirstOrThrow()).member_no;
  async function register(d: TestDesk, memberNo: string): Promise<string> {
    const args = registerArgs(d.branchId, { member: { member_no: memberNo } });
    expect((await d.push('member.register', args)).status).toBe('applied');
    return args.member.id;
  }

  it('a number made before enrollment that another branch already has moves into the reserved M0000 space, for every branch to see', async () => {
    const a = await newDesk(suite.hq, suite.app);
    const b = await newDesk(suite.hq, suite.app);
    const c = await newDesk(suite.hq, suite.app);
    const kept = await register(a, 'M000011');
    const moved = await register(b, 'M000011');
    const movedToo = await register(c, 'M000011');
    expect([await numberOf(kept), await numberOf(moved), await numberOf(movedToo)]).toEqual(['M000011', 'M0000000001', 'M0000000002']);
    // The renumbered row is in the global log: every branch, the registering one included, takes it.
    const [change] = await changesOf(suite.hq, 'member', moved);
    expect(change).toMatchObject({ scope: 'global', op: 'upsert', row: expect.objectContaining({ id: moved, member_no: 'M0000000001' }) });
  });

  it('counts on from the highest reserved number, a longer one being higher', async () => {
    const a = await newDesk(suite.hq, suite.app);
    const b = await newDesk(suite.hq, suite.app);
    await register(a, 'M0000999999'); // free, so kept as the desk sent it
    await register(a, 'M000077');
    const first = await register(b, 'M000077');
    const second = await register(b, 'M000077');
    expect([await numberOf(first), await numberOf(second)]).toEqual(['M00001000000', 'M00001000001']);
  });

  it('finds the highest reserved number through the partial index, not a scan', async () => {
    const plan = await suite.hq.db.transaction().execute(async (trx) => {
      // On a test-sized table the planner would scan anyway; forbidding scans shows the index can serve the query.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return highestReservedMemberNo(trx).explain();
    });
    const text = plan.map((r) => Object.values(r).join(' ')).join('\n');
    expect(text).toContain('member_reserved_no');
    expect(text).not.toMatch(/Sort/);
  });
});
