// `npm start`: the desk on its embedded defaults with demo data. In Electron where it can run;
// otherwise (no Electron binary obtainable, or no display) the same app in the web preview.
import { spawnSync } from 'node:child_process';
import { electronBinary, hasDisplay } from './electronBinary.mjs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });

let electron = electronBinary();
if (!electron.path && process.env.KIOSK_SKIP_ELECTRON_DOWNLOAD !== '1') {
  console.log('Fetching the Electron binary (one time)…');
  const r = run(process.execPath, ['node_modules/electron/install.js'], { timeout: 120_000, stdio: ['ignore', 'ignore', 'pipe'] });
  electron = electronBinary();
  if (!electron.path) electron.reason = 'the Electron binary could not be downloaded on this machine' + (r.status === null ? ' (timed out)' : '');
}

if (electron.path && hasDisplay()) {
  const steps = [
    ['npx', ['electron-vite', 'build']],
    [process.execPath, ['scripts/build-native-electron.mjs']],
    [electron.path, ['.']],
  ];
  for (const [cmd, args] of steps) {
    const r = run(cmd, args);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
} else {
  const why = electron.path ? 'there is no display' : electron.reason;
  console.log(`\nStarting the web preview instead of the desktop shell: ${why}.`);
  console.log('Open http://127.0.0.1:5180 in a browser (Chromium or Chrome). Ctrl+C stops it.\n');
  const r = run('npm', ['run', 'preview:web', '--', ...process.argv.slice(2)]);
  process.exit(r.status ?? 1);
}
