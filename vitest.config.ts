import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'db/**/*.test.ts', 'services/**/*.test.ts', 'electron/**/*.test.ts', 'tests/unit/**/*.test.ts', 'scripts/**/*.test.ts', 'headoffice/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**', 'tests/e2e-electron/**'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
