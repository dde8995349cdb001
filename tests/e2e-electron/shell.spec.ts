import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electronBinary.mjs';

// The shell: window settings, the preload bridge, the desk loading through IPC. Everything
// behind the bridge is covered by the browser e2e; this proves the Electron wiring.
const binary = electronBinary() as { path?: string; reason?: string };
test.skip(!binary.path, `Electron e2e skipped: ${binary.reason}`);

test('the desk opens sandboxed with only window.kiosk exposed, and calls go through IPC', async () => {
  const app = await electron.launch({
    args: ['.', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'kiosk-electron-'))}`],
    env: { ...process.env, KIOSK_NO_DEMO: '0' },
  });
  const page = await app.firstWindow();
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents;
    // getLastWebPreferences is the effective set the renderer was created with.
    const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
    return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
  });
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  expect(await page.evaluate(() => Object.keys((window as unknown as { kiosk: object }).kiosk).sort())).toEqual(['call', 'onEvent']);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  const info = await page.evaluate(() => (window as unknown as { kiosk: { call(m: string, i: unknown): Promise<{ ok: boolean }> } }).kiosk.call('desk.info', {}));
  expect(info.ok).toBe(true);
  const bad = await page.evaluate(() => (window as unknown as { kiosk: { call(m: string, i: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).kiosk.call('checkin.card', { card: '<x>', format: 'dec10' }));
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await page.evaluate(() => window.open('https://example.com'))).toBeNull();
  await app.close();
});
