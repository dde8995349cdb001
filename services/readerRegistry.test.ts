import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReaderStatusDto } from '../core/contract/dto';
import { openKiosk } from './kiosk';
import { openTempKiosk, RESOURCES_DIR, type TempKiosk } from './testing/tempKiosk';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk();
});
afterEach(async () => {
  await k.dispose();
});

describe('reader registry', () => {
  it('lists the keyboard reader as waiting until it types, then with its last read', async () => {
    const statuses: ReaderStatusDto[][] = [];
    k.events.on('reader.status', (s) => statuses.push(s));
    expect(await k.api['readers.list']({})).toEqual([
      { id: 'wedge', kind: 'wedge', name: 'keyboard', connected: false, format: 'dec10', lastReadAt: null, error: null },
    ]);
    await k.api['checkin.card']({ card: '0979304449', format: 'dec10', readerId: 'wedge' });
    k.clock.advance(300);
    await k.api['checkin.card']({ card: '0979304449', format: 'dec10', readerId: 'wedge' });
    k.clock.advance(1500);
    await k.api['checkin.card']({ card: '0979304449', format: 'dec10', readerId: 'wedge' });
    // Published on the first read and again a second later, not on every tap.
    expect(statuses.length).toBe(2);
    expect(statuses[1]?.[0]).toMatchObject({ connected: true, lastReadAt: k.clock.now().toISOString() });
  });

  it('keeps the keyboard reader format across restarts', async () => {
    expect(await k.api['readers.configure']({ readerId: 'wedge', format: 'w26' })).toMatchObject({ format: 'w26' });
    await k.close();
    const again = await openKiosk({ dbPath: k.dbPath, resourcesDir: RESOURCES_DIR, clock: k.clock });
    expect((await again.api['readers.list']({}))[0]?.format).toBe('w26');
    await again.close();
  });

  it('refuses to configure a reader that is not there', async () => {
    await expect(k.api['readers.configure']({ readerId: 'desk-13m', format: 'hex' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
