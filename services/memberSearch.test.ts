import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempKiosk, type TempKiosk } from './testing/tempKiosk';

let k: TempKiosk;
beforeAll(async () => {
  k = await openTempKiosk();
});
afterAll(async () => {
  await k.dispose();
});

describe('member search for manual check-in', () => {
  it('finds by member number, exact or prefix, in any case', async () => {
    expect((await k.api['members.search']({ query: 'M000007' })).map((m) => m.name)).toEqual(['吴敏']);
    expect((await k.api['members.search']({ query: 'm00000', limit: 50 })).length).toBeGreaterThanOrEqual(9);
  });

  it('finds by the last four digits of the phone and shows only those digits', async () => {
    const found = await k.api['members.search']({ query: '0003' });
    expect(found.map((m) => m.memberNo)).toContain('M000003');
    expect(found.every((m) => m.phoneTail === '0003')).toBe(true);
    expect(JSON.stringify(found)).not.toContain('13800000003');
  });

  it('finds by name prefix and by given name', async () => {
    expect((await k.api['members.search']({ query: '张晓' })).map((m) => m.memberNo)).toContain('M000001');
    expect((await k.api['members.search']({ query: '晓雨' })).map((m) => m.memberNo)).toContain('M000001');
  });

  it('returns tier and effective membership status', async () => {
    const [expired] = await k.api['members.search']({ query: 'M000003' });
    expect(expired).toMatchObject({ tier: 'bronze', membershipStatus: 'expired' });
    const [frozen] = await k.api['members.search']({ query: 'M000004' });
    expect(frozen?.membershipStatus).toBe('frozen');
  });

  it('treats LIKE wildcards as text and honours the limit', async () => {
    expect(await k.api['members.search']({ query: '%' })).toEqual([]);
    expect(await k.api['members.search']({ query: '_' })).toEqual([]);
    expect((await k.api['members.search']({ query: 'M', limit: 3 })).length).toBe(3);
  });
});
