import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReaderProfilesError, formatUsbId, loadReaderProfiles, parseReaderProfiles } from './readerProfiles';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const shippedFile = join(repo, 'resources/readers/hid-readers.example.json');
const activeFile = join(repo, 'resources/readers/hid-readers.json');
const udevFile = join(repo, 'resources/udev/99-kiosk-card-readers.rules');

const dir = mkdtempSync(join(tmpdir(), 'reader-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const valid = {
  id: 'desk',
  name: 'Desk reader',
  vendorId: 0x0483,
  productId: 0x5750,
  reportDecoder: 'uid-bytes',
  byteOrder: 'normal',
};
const fileWith = (...profiles: unknown[]) => ({ version: 1, profiles });

/** What a bad file is refused with, for assertions on the message. */
function refusal(json: unknown): string {
  try {
    parseReaderProfiles(json, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ReaderProfilesError);
    return (error as Error).message;
  }
  throw new Error('accepted a malformed profile file');
}

describe('the shipped profile files', () => {
  it('opens no reader until the branch lists its own', () => {
    expect(loadReaderProfiles(activeFile)).toEqual([]);
  });

  const profiles = loadReaderProfiles(shippedFile);

  it('loads and holds the example readers', () => {
    expect(profiles.map((p) => p.id)).toEqual(['desk-125k', 'desk-13m', 'turnstile-13m']);
    expect(new Set(profiles.map((p) => p.reportDecoder))).toEqual(new Set(['uid-bytes', 'ascii-digits']));
  });

  it('has a udev rule for every reader, and no rule for anything else', () => {
    const rules = readFileSync(udevFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.trim().startsWith('#'));
    const granted = rules.map((line) => {
      expect(line).toMatch(/^SUBSYSTEM=="hidraw", /);
      expect(line).toMatch(/MODE="0660", GROUP="plugdev"$/);
      const m = /ATTRS\{idVendor\}=="([0-9a-f]{4})", ATTRS\{idProduct\}=="([0-9a-f]{4})"/.exec(line);
      expect(m, line).not.toBeNull();
      return `${m?.[1]}:${m?.[2]}`;
    });
    expect(new Set(granted)).toEqual(new Set(profiles.map((p) => formatUsbId(p.vendorId, p.productId))));
  });
});

describe('profile validation', () => {
  it('accepts hex strings for USB ids and defaults the offset to 0', () => {
    const [p] = parseReaderProfiles(fileWith({ ...valid, vendorId: '0x0483', productId: '0x5750', usagePage: '0xFF00' }));
    expect(p).toMatchObject({ vendorId: 0x0483, productId: 0x5750, usagePage: 0xff00, offset: 0 });
  });

  it('accepts an empty list (a desk with keyboard readers only)', () => {
    expect(parseReaderProfiles({ version: 1, profiles: [] })).toEqual([]);
  });

  it('refuses a misspelt key instead of ignoring it, naming where it is', () => {
    const { vendorId, ...rest } = valid;
    const message = refusal(fileWith({ ...rest, vendorID: vendorId }));
    expect(message).toContain('test.json');
    expect(message).toContain('profiles.0');
    expect(message).toMatch(/vendorID/);
  });

  it('refuses out-of-range ids, unknown decoders, a missing byte order and bad offsets', () => {
    expect(refusal(fileWith({ ...valid, vendorId: 70000 }))).toContain('profiles.0.vendorId');
    expect(refusal(fileWith({ ...valid, productId: '5750' }))).toContain('profiles.0.productId');
    expect(refusal(fileWith({ ...valid, reportDecoder: 'magic' }))).toContain('profiles.0.reportDecoder');
    const { byteOrder: _unused, ...noOrder } = valid;
    expect(refusal(fileWith(noOrder))).toContain('profiles.0.byteOrder');
    expect(refusal(fileWith({ ...valid, offset: -1 }))).toContain('profiles.0.offset');
    expect(refusal(fileWith({ ...valid, offset: 1.5 }))).toContain('profiles.0.offset');
  });

  it('refuses duplicate ids, ids the UI cannot carry and the id reserved for keyboard readers', () => {
    expect(refusal(fileWith(valid, { ...valid, name: 'Second' }))).toContain('duplicate reader id "desk"');
    expect(refusal(fileWith({ ...valid, id: 'desk reader/1' }))).toContain('profiles.0.id');
    expect(refusal(fileWith({ ...valid, id: 'wedge' }))).toContain('reserved');
  });

  it('refuses a file without a version or with a bare array', () => {
    expect(refusal({ profiles: [valid] })).toContain('version');
    expect(refusal([valid])).toContain('(root)');
  });

  it('refuses a missing file and broken JSON with the path in the message', () => {
    const missing = join(dir, 'nope.json');
    expect(() => loadReaderProfiles(missing)).toThrow(ReaderProfilesError);
    expect(() => loadReaderProfiles(missing)).toThrow(/nope\.json: cannot read file/);
    const broken = writeJson('broken.json', '{ "version": 1, "profiles": [ ');
    expect(() => loadReaderProfiles(broken)).toThrow(/broken\.json: not valid JSON/);
  });

  it('loads a valid file from disk', () => {
    const file = writeJson('ok.json', JSON.stringify(fileWith(valid)));
    expect(loadReaderProfiles(file)).toEqual([{ ...valid, offset: 0 }]);
  });
});
