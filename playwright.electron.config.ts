import { defineConfig } from '@playwright/test';

/** The Electron shell's own e2e: runs only where an Electron binary exists (see npm test). */
export default defineConfig({
  testDir: 'tests/e2e-electron',
  timeout: 60_000,
  workers: 1,
  reporter: 'list',
});
