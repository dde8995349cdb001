import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempKiosk, tableCounts, type TempKiosk } from '../../services/testing/tempKiosk';
import { startPreviewHost } from '../host/previewHost';

let k: TempKiosk;
let url: string;
let close: () => Promise<void>;
let rendererDir: string;

beforeAll(async () => {
  k = await openTempKiosk();
  rendererDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  const started = await startPreviewHost({ kiosk: k, rendererDir, port: 0, validateOutput: true });
  url = started.url;
  close = () => started.app.close();
});
afterAll(async () => {
  await close();
  await k.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

const post = (body: string, type = 'application/json') => fetch(`${url}/api/call`, { method: 'POST', headers: { 'content-type': type }, body });

describe('web preview host', () => {
  it('listens on loopback only', () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('serves the renderer with the bridge injected before the app and a strict CSP', async () => {
    const res = await fetch(`${url}/`);
    const html = await res.text();
    expect(html.indexOf('/__preview/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__preview/bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${url}/__preview/bridge.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await fetch(`${url}${path}`);
      expect([403, 404], path).toContain(res.status);
    }
  });

  it('carries calls to the services', async () => {
    const res = await post(JSON.stringify({ method: 'checkin.card', input: { card: '3A5F0001', format: 'hex' } }));
    const body = (await res.json()) as { ok: boolean; value: { color: string } };
    expect(body).toMatchObject({ ok: true, value: { color: 'green' } });
  });

  it('refuses malformed, hostile and oversized bodies with a clear error and writes nothing', async () => {
    const before = tableCounts(k);
    const bad = await post('{not json');
    expect(bad.status).toBe(400);
    for (const body of ['null', '[]', '"x"', '42', JSON.stringify({ method: 'checkin.card' }), JSON.stringify({ method: '__proto__', input: {} })]) {
      const res = await post(body);
      const json = (await res.json()) as { ok: boolean; error: { code: string } };
      expect(json.ok, body).toBe(false);
      expect(['INVALID_INPUT', 'UNKNOWN_METHOD']).toContain(json.error.code);
    }
    const long = await post(JSON.stringify({ method: 'members.search', input: { query: 'x'.repeat(200_000) } }));
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    const huge = await post(JSON.stringify({ method: 'consumption.import', input: { fileName: 'a.csv', csv: 'x'.repeat(25 * 1024 * 1024), dryRun: true } }));
    expect(huge.status).toBe(413);
    const wrongType = await post('method=desk.info', 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    expect(tableCounts(k)).toEqual(before);
  });

  it('streams contract events to the browser', async () => {
    const controller = new AbortController();
    const res = await fetch(`${url}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    await post(JSON.stringify({ method: 'checkin.card', input: { card: '3A5F0006', format: 'hex' } }));
    let text = '';
    while (!text.includes('visit.recorded')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/data: \{"event":"visit.recorded","payload":\{"visitId":"[0-9a-f-]{36}","memberId":"[0-9a-f-]{36}"\}\}/);
    controller.abort();
  });
});
