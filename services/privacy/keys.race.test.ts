// The create path must never overwrite a key file another process published first: that file may
// already have sealed data. fs is mocked only to make the race happen at the worst moment.
import * as realFs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileKeyProvider } from './keys';

const hooks = vi.hoisted(() => ({ beforeLink: null as null | ((dest: string) => void), linkError: null as null | string }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  return {
    ...fs,
    linkSync: (src: realFs.PathLike, dest: realFs.PathLike) => {
      hooks.beforeLink?.(String(dest));
      if (hooks.linkError) throw Object.assign(new Error(`link: ${hooks.linkError}`), { code: hooks.linkError });
      return fs.linkSync(src, dest);
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  hooks.beforeLink = null;
  hooks.linkError = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-race-'));
  dirs.push(dir);
  return dir;
}
const winner = JSON.stringify({ version: 1, dataKey: Buffer.alloc(32, 1).toString('base64'), indexKey: Buffer.alloc(32, 2).toString('base64') });

describe('fileKeyProvider create race', () => {
  it('keeps and uses the keys of a process that published first', () => {
    const dir = tempDir();
    const path = join(dir, 'keys.json');
    hooks.beforeLink = (dest) => writeFileSync(dest, winner);
    const keys = fileKeyProvider(path);
    expect(keys.dataKey()).toEqual(Buffer.alloc(32, 1));
    expect(readFileSync(path, 'utf8')).toBe(winner);
    expect(readdirSync(dir)).toEqual(['keys.json']);
  });

  it('falls back to rename where hard links are not supported', () => {
    const dir = tempDir();
    const path = join(dir, 'keys.json');
    hooks.linkError = 'EPERM';
    const keys = fileKeyProvider(path);
    expect(readFileSync(path, 'utf8')).toContain(keys.dataKey().toString('base64'));
    expect(readdirSync(dir)).toEqual(['keys.json']);
  });

  it('and in that fallback still yields to a file that appeared meanwhile', () => {
    const dir = tempDir();
    const path = join(dir, 'keys.json');
    hooks.linkError = 'EPERM';
    hooks.beforeLink = (dest) => writeFileSync(dest, winner);
    expect(fileKeyProvider(path).indexKey()).toEqual(Buffer.alloc(32, 2));
    expect(readFileSync(path, 'utf8')).toBe(winner);
    expect(readdirSync(dir)).toEqual(['keys.json']);
  });

  it('passes other link failures through and leaves no temp file', () => {
    const dir = tempDir();
    hooks.linkError = 'EIO';
    expect(() => fileKeyProvider(join(dir, 'keys.json'))).toThrow(/EIO/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
