import { defineConfig } from 'vitest/config';

/**
 * The fault-injection suite (SYNC.md "Faults the tests must inject"): `npm run test:chaos`. It
 * starts child processes, kills them and waits on back-off timers, so it runs apart from the
 * unit and service tests, one file at a time (the machine has two cores).
 */
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
