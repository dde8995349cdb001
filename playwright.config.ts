import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Browser e2e: the built renderer (run `npm run build` first; building is not this file's job)
 * served by the web preview host on real services and a real SQLite file, driven in Debian's
 * Chromium (Playwright's own browsers cannot be downloaded here).
 *
 * The service clock is pinned to 2026-11-23 08:30 Asia/Shanghai so every decision (expiring in
 * 3 days, birthday today, …) is the same on every run. The browser runs in another zone on
 * purpose: the desk must show branch time, not the PC's.
 */
// E2E_PORT / E2E_DB (with KIOSK_OUT_DIR for the build) let two runs share a checkout.
const PORT = Number(process.env.E2E_PORT ?? 5199);
const DB = process.env.E2E_DB ?? join(tmpdir(), 'kiosk-e2e', 'kiosk.sqlite');
export const E2E_CLOCK = '2026-11-23T00:30:00Z';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  // 2-core machines: one browser at a time; specs share one server, so they also run in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    // No tracing: its per-action snapshots stretch the gaps between a simulated reader's keys.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // The registration camera: a synthetic video stream, and no permission prompt.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  webServer: {
    command: `npx tsx tests/host/start.ts --fresh --port ${PORT} --db ${DB} --clock ${E2E_CLOCK} --validate-output --simulate-hid-reader`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
