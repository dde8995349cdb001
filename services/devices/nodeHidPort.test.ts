import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeHidPort } from './nodeHidPort';

/** The real node-hid on this machine: no fakes. No reader is expected to be plugged in. */
describe('nodeHidPort (real node-hid)', () => {
  it('loads the native module and enumerates HID devices', async () => {
    const devices = await nodeHidPort.devices();
    expect(Array.isArray(devices)).toBe(true);
    for (const d of devices) {
      expect(Number.isInteger(d.vendorId)).toBe(true);
      expect(Number.isInteger(d.productId)).toBe(true);
    }
  });

  it('is not loaded by merely importing the reader service', () => {
    // A fresh process, so no other test has loaded node-hid before the check.
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('node-hid'));
      await import('./services/devices/hidReaderService.ts');
      const { nodeHidPort } = await import('./services/devices/nodeHidPort.ts');
      const before = loaded();
      await nodeHidPort.devices();
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')).toEqual({ before: false, after: true });
  });
});
