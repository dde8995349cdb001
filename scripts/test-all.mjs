// `npm test`: everything this machine can run, in order: lint, typecheck, build, unit and
// service tests (vitest), the sync fault tests, browser e2e (Playwright + Debian Chromium through the web preview
// host), Electron e2e. It says what it skipped and why. Under CI nothing may be skipped except
// the Electron e2e: a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, hasDisplay } from './electronBinary.mjs';

const root = new URL('..', import.meta.url).pathname;
const ci = Boolean(process.env.CI);
const reports = join(root, 'test-results/reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let failedStep = false;

function step(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  const ok = r.status === 0;
  lines.push(`${ok ? 'ok     ' : 'FAILED '} ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (!ok) failedStep = true;
  return ok;
}

function skip(name, why) {
  lines.push(`skipped ${name}: ${why}`);
  console.log(`\n▷ ${name} skipped: ${why}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

step('lint', 'npx', ['eslint', '.']);
step('typecheck', 'npm', ['run', 'typecheck', '--silent']);
const built = step('build', 'npx', ['electron-vite', 'build']);

const vitestJson = join(reports, 'vitest.json');
step('unit and service tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
} else totals.failed += 1;

// SYNC.md's fault list (crash points, head-office restarts, network chaos, clock skew, auth
// abuse, convergence): child processes and a fault-injecting proxy, so a suite of its own.
const chaosJson = join(reports, 'chaos.json');
step('sync fault tests', 'npx', ['vitest', 'run', '-c', 'vitest.chaos.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${chaosJson}`]);
const c = readJson(chaosJson);
if (c) {
  totals.passed += c.numPassedTests;
  totals.failed += c.numFailedTests;
  totals.skipped += c.numPendingTests + c.numTodoTests;
} else totals.failed += 1;

function playwright(name, config, jsonName) {
  const json = join(reports, jsonName);
  step(name, 'npx', ['playwright', 'test', '-c', config, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: json, CHROMIUM_PATH: chromium });
  const p = readJson(json);
  if (!p) return void (totals.failed += 1);
  totals.passed += p.stats.expected + p.stats.flaky;
  totals.failed += p.stats.unexpected;
  totals.skipped += p.stats.skipped;
}

if (!existsSync(chromium)) {
  if (ci) {
    lines.push(`FAILED  browser e2e: no Chromium at ${chromium} (install Debian's chromium)`);
    failedStep = true;
    totals.failed += 1;
  } else skip('browser e2e', `no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
} else if (!built) {
  lines.push('FAILED  browser e2e: the build failed');
  failedStep = true;
} else playwright('browser e2e', 'playwright.config.ts', 'e2e.json');

const electron = electronBinary();
if (!electron.path) skip('Electron e2e', `${electron.reason}; the shell is covered by typecheck and build, the app by the browser e2e`);
else if (!hasDisplay()) skip('Electron e2e', 'no display (run it under xvfb-run)');
else playwright('Electron e2e', 'playwright.electron.config.ts', 'electron.json');

console.log('\nSummary');
for (const line of lines) console.log(`  ${line}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep || totals.failed > 0 ? 1 : 0);
