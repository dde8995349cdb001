import { afterEach, describe, expect, it } from 'vitest';
import { demoStaff } from './demo/demoStaff';
import { openKiosk } from './kiosk';
import { openTempKiosk, RESOURCES_DIR, type TempKiosk } from './testing/tempKiosk';

let k: TempKiosk | null = null;
afterEach(async () => {
  await k?.dispose();
  k = null;
});

describe('outbox clock across restarts', () => {
  it('stamps later mutations after earlier ones even when the PC clock went back', async () => {
    k = await openTempKiosk();
    await k.api['checkin.card']({ card: '3A5F0001', format: 'hex' });
    await k.close();
    k.clock.advance(-3_600_000); // the clock was set back an hour while the desk was off
    const again = await openKiosk({ dbPath: k.dbPath, resourcesDir: RESOURCES_DIR, clock: k.clock });
    await again.api['staff.signIn']({ staffId: again.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(demoStaff('reception').name) as string, pin: demoStaff('reception').pin });
    await again.api['checkin.card']({ card: '3A5F0006', format: 'hex' });
    const hlcs = again.ctx.kdb.sqlite.prepare('SELECT hlc FROM sync_outbox ORDER BY seq').pluck().all() as string[];
    await again.close();
    expect(hlcs).toHaveLength(2);
    expect(hlcs[1]! > hlcs[0]!).toBe(true);
  });
});
