import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openKiosk, type Kiosk, type KioskOptions } from '../kiosk';
import type { StaffRole } from '../../core/staff/permissions';
import { demoStaff } from '../demo/demoStaff';
import { ManualClock } from '../ports';

/** 08:30 on 2026-11-23 in Shanghai: the instant service tests pin the clock to. */
export const TEST_NOW = '2026-11-23T00:30:00.000Z';
export const RESOURCES_DIR = resolve(import.meta.dirname, '../../resources');

export interface TempKiosk extends Kiosk {
  clock: ManualClock;
  dir: string;
  dbPath: string;
  /** Signs the demo staff member of this role in at the desk (with their demo PIN); returns their id. */
  signInAs(role: StaffRole): Promise<string>;
  dispose(): Promise<void>;
}

export interface TempKioskOptions extends Partial<KioskOptions> {
  /** Who is signed in when the kiosk opens; null for nobody. Default: reception. */
  signedInAs?: StaffRole | null;
}

/** A kiosk on a real SQLite file in a fresh temp folder, seeded with the demo chain. */
export async function openTempKiosk(options: TempKioskOptions = {}): Promise<TempKiosk> {
  const { signedInAs = 'reception', ...kioskOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  const dbPath = join(dir, 'kiosk.sqlite');
  const clock = new ManualClock(TEST_NOW);
  const kiosk = await openKiosk({ dbPath, resourcesDir: RESOURCES_DIR, clock, demo: true, ...kioskOptions });
  const signInAs = async (role: StaffRole): Promise<string> => {
    const demo = demoStaff(role);
    const staffId = kiosk.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(demo.name);
    if (typeof staffId !== 'string') throw new Error(`demo staff ${demo.name} missing`);
    const result = await kiosk.api['staff.signIn']({ staffId, pin: demo.pin });
    if (!result.ok) throw new Error(`demo sign-in failed: ${result.reason}`);
    return staffId;
  };
  if (signedInAs) await signInAs(signedInAs);
  return {
    ...kiosk,
    clock,
    dir,
    dbPath,
    signInAs,
    async dispose() {
      await kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every table, to prove a refused call wrote nothing. */
export function tableCounts(kiosk: Kiosk): Record<string, number> {
  const tables = kiosk.ctx.kdb.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (kiosk.ctx.kdb.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}
