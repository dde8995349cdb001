import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHidReaders } from '../../services/devices/startHidReaders';
import { openKiosk } from '../../services/kiosk';
import { systemClock, type Clock } from '../../services/ports';
import { startPreviewHost } from './previewHost';
import { startSimulatedHidReader } from './simulatedHidReader';

/**
 * `npm run preview:web`: the kiosk in a browser on machines without Electron or a display.
 * Options: --db <file> (default .data/preview/kiosk.sqlite), --port <n> (5180), --fresh (start
 * from an empty database), --clock <ISO instant> (run the clock from that instant: tests pin
 * time this way; the clock still moves forward in real time), --validate-output (check every
 * answer against the contract, as the e2e tests do), --simulate-hid-reader (a vendor-mode reader
 * on an in-memory USB port, driven by /__test/hid/* routes, for browser tests).
 */
const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: join(root, '.data/preview/kiosk.sqlite') },
    port: { type: 'string', default: process.env.KIOSK_PREVIEW_PORT ?? '5180' },
    fresh: { type: 'boolean', default: false },
    clock: { type: 'string', default: process.env.KIOSK_CLOCK },
    'validate-output': { type: 'boolean', default: false },
    'simulate-hid-reader': { type: 'boolean', default: false },
  },
});

function runningClockFrom(startIso: string): Clock {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`--clock must be an ISO instant, got ${startIso}`);
  const origin = performance.now();
  return { now: () => new Date(start + (performance.now() - origin)) };
}

async function main(): Promise<void> {
  const rendererDir = process.env.KIOSK_OUT_DIR ? join(process.env.KIOSK_OUT_DIR, 'renderer') : join(root, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built: run `npm run build` first (npm run preview:web does)');
  }
  const dbPath = resolve(values.db);
  // Fresh: the database, and the sync lock and credential a killed earlier run left beside it
  // (a lock whose PID a live process has taken since would keep this run's sync engine from starting).
  if (values.fresh) for (const suffix of ['', '-wal', '-shm', '.sync-lock', '.sync.json']) rmSync(dbPath + suffix, { force: true });
  mkdirSync(dirname(dbPath), { recursive: true });
  const clock = values.clock ? runningClockFrom(values.clock) : systemClock;
  const resourcesDir = join(root, 'resources');
  // Real vendor-mode readers work in the preview too (node-hid runs in plain Node).
  const hid = values['simulate-hid-reader'] ? await startSimulatedHidReader(clock) : await startHidReaders(resourcesDir, clock);
  const kiosk = await openKiosk({ dbPath, resourcesDir, clock, demo: true, hid: hid.source });
  const { app, url } = await startPreviewHost({ kiosk, rendererDir, port: Number(values.port), validateOutput: values['validate-output'], ...('routes' in hid ? { routes: hid.routes } : {}) });
  console.log(`Kiosk web preview on ${url} (database ${dbPath})`);
  const stop = async () => {
    await app.close();
    await hid.stop();
    await kiosk.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
