// Lint, including the one-way layer zones of ARCHITECTURE.md:
// renderer → core ← headoffice; electron/main → services → db → core; preload → core/contract.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const zone = (target, from, message) => ({ target, from, message });
const nodeOnly = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'electron', 'better-sqlite3', 'kysely', 'node-hid', 'fastify', 'pg', '@electric-sql/pglite'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'bench/.scratch/**', '.data/**', 'build/**', 'headoffice-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./core', ['./db', './services', './electron', './renderer', './headoffice', './tests', './scripts', './bench'], 'core/ is pure: it imports nothing of the app'),
            zone('./db', ['./services', './electron', './renderer', './headoffice', './tests', './scripts'], 'db/ sits below services'),
            zone('./services', ['./electron', './renderer', './headoffice', './tests', './scripts'], 'services/ never know their host'),
            zone('./renderer', ['./db', './services', './electron', './headoffice', './tests', './scripts'], 'the renderer talks only through window.kiosk'),
            zone('./electron/preload', ['./db', './services', './renderer', './electron/main', './core/checkin', './core/tiers', './core/cards'], 'the preload only forwards the contract'),
            zone('./electron/main', ['./renderer', './tests', './headoffice'], 'main composes services'),
            zone('./headoffice', ['./db', './services', './electron', './renderer'], 'head office imports core only'),
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeOnly, 'react', 'react-dom', 'antd'], message: 'core/ has no I/O, no Node, no DOM, no React' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The desk starts its loads from effects and sets the loading or cleared state first (a
      // search box emptied, a reload started); that is the intended render, not a cascade.
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: nodeOnly, message: 'the renderer runs sandboxed: no Node modules' }] }],
    },
  },
  {
    files: ['services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'services/ run in plain Node too (preview host, tests)' }] }] },
  },
  {
    files: ['tests/host/bridge.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
);
