// Builds better-sqlite3 against Electron's headers into build/native-electron/, loaded by main
// through better-sqlite3's `nativeBinding` option. node_modules keeps the Node build that the
// tests, the preview host and head office use; rebuilding it in place (or in postinstall) would
// break all of them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
const outDir = join(root, 'build/native-electron');
const stampFile = join(outDir, 'stamp.json');
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(outDir, 'better_sqlite3.node'))) {
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is already built.`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'sqlite-electron-'));
try {
  cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${'/'}build${'/'}`) });
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`);
  // A prebuilt binary when one can be fetched, else a compile against Electron's headers.
  let r = spawnSync('npx', ['--no-install', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion], { cwd: work, stdio: 'inherit', env });
  if (r.status !== 0) {
    r = spawnSync('npx', ['--no-install', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env });
  }
  const built = join(work, 'build/Release/better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) {
    console.error('Could not build better-sqlite3 for Electron: Electron\'s headers or prebuilt binaries are not reachable from this machine.');
    process.exit(1);
  }
  mkdirSync(outDir, { recursive: true });
  cpSync(built, join(outDir, 'better_sqlite3.node'));
  writeFileSync(stampFile, stamp);
  console.log(`Built ${join(outDir, 'better_sqlite3.node')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
