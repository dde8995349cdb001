// Where the Electron binary is, or why there is none. The npm package ships without it: its
// download comes from outside the package registry and is not run at install time
// (package.json allowScripts), so machines without that access still install cleanly.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? { path } : { reason: 'the Electron binary is not installed' };
  } catch {
    return { reason: 'the Electron binary is not installed' };
  }
}

export function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}
