import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openKiosk, type Kiosk, type KioskOptions } from '../kiosk';
import { ManualClock } from '../ports';

/** 08:30 on 2026-11-23 in Shanghai: the instant service tests pin the clock to. */
export const TEST_NOW = '2026-11-23T00:30:00.000Z';
export const RESOURCES_DIR = resolve(import.meta.dirname, '../../resources');

export interface TempKiosk extends Kiosk {
  clock: ManualClock;
  dir: string;
  dbPath: string;
  dispose(): Promise<void>;
}

/** A kiosk on a real SQLite file in a fresh temp folder, seeded with the demo chain. */
export async function openTempKiosk(options: Partial<KioskOptions> = {}): Promise<TempKiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  const dbPath = join(dir, 'kiosk.sqlite');
  const clock = new ManualClock(TEST_NOW);
  const kiosk = await openKiosk({ dbPath, resourcesDir: RESOURCES_DIR, clock, demo: true, ...options });
  return {
    ...kiosk,
    clock,
    dir,
    dbPath,
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
