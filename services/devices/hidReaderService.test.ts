import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { HidReaderSource } from '../readerRegistry';
import { DECODE_ERROR, HidReaderService, type CardRead, type ReaderStatus } from './hidReaderService';
import { parseReaderProfiles } from './readerProfiles';
import { FakeHidPort, FakeTime, settle } from './testing/fakeHid';

const profiles = parseReaderProfiles({
  version: 1,
  profiles: [
    { id: 'desk-125k', name: '125 kHz', vendorId: 0xffff, productId: 0x0035, reportDecoder: 'ascii-digits', byteOrder: 'normal' },
    {
      id: 'desk-13m',
      name: '13.56 MHz',
      vendorId: 0x0483,
      productId: 0x5750,
      usagePage: 0xff00,
      reportDecoder: 'uid-bytes',
      offset: 1,
      byteOrder: 'reversed',
    },
  ],
});

const READER_125K = { path: '/dev/hidraw3', vendorId: 0xffff, productId: 0x0035, usagePage: 1 };
const READER_13M = { path: '/dev/hidraw5', vendorId: 0x0483, productId: 0x5750, usagePage: 0xff00 };
/** Same VID:PID as the 13.56 MHz reader, but its keyboard interface: not allowed by usage page. */
const READER_13M_KEYBOARD = { path: '/dev/hidraw4', vendorId: 0x0483, productId: 0x5750, usagePage: 1 };
const KEYBOARD = { path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc31c, usagePage: 1 };

const CARD_A = [...Buffer.from('0012345678\r', 'latin1')]; // → 00BC614E
const CARD_B = [...Buffer.from('0000000042\r', 'latin1')]; // → 0000002A
const MIFARE = [0x01, 4, 0xef, 0xbe, 0xad, 0xde, 0, 0]; // report id 1, reversed → DEADBEEF

let service: HidReaderService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

function setup(options: { devices?: (typeof READER_125K)[]; debounceMs?: number } = {}) {
  const port = new FakeHidPort();
  port.plug(...(options.devices ?? [KEYBOARD, READER_13M_KEYBOARD, READER_125K, READER_13M]));
  const time = new FakeTime();
  const logs: string[] = [];
  const svc = new HidReaderService({
    profiles,
    port,
    scheduler: time,
    clock: time,
    log: (m) => logs.push(m),
    ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
  });
  service = svc;
  const cards: CardRead[] = [];
  const statusEvents: ReaderStatus[][] = [];
  svc.on('card', (c) => cards.push(c));
  svc.on('status', (s) => statusEvents.push(s));
  const status = (id: string) => svc.statuses().find((s) => s.id === id);
  return { port, time, logs, svc, cards, statusEvents, status };
}

describe('HidReaderService', () => {
  it('satisfies what the reader registry expects of it', () => {
    const source: HidReaderSource = new HidReaderService({ profiles, port: new FakeHidPort() });
    expect(source.statuses()).toHaveLength(2);
  });

  it('opens only allow-listed devices, matching the usage page when the profile names one', async () => {
    const { port, svc } = setup();
    await svc.start();
    expect(port.openPaths().sort()).toEqual([READER_125K.path, READER_13M.path]);
    expect(svc.statuses()).toEqual([
      { id: 'desk-125k', kind: 'hid', name: '125 kHz', connected: true, format: 'hex', lastReadAt: null, error: null },
      { id: 'desk-13m', kind: 'hid', name: '13.56 MHz', connected: true, format: 'hex', lastReadAt: null, error: null },
    ]);
  });

  it('decodes each reader by its own profile and emits canonical UIDs', async () => {
    const { port, svc, cards, status, time } = setup();
    await svc.start();
    port.handle(READER_125K.path).report(CARD_A);
    port.handle(READER_13M.path).report(MIFARE);
    expect(cards).toEqual([
      { readerId: 'desk-125k', uid: '00BC614E' },
      { readerId: 'desk-13m', uid: 'DEADBEEF' },
    ]);
    expect(status('desk-125k')?.lastReadAt).toBe(time.now().toISOString());
  });

  it('does not repeat a card left on the reader, but reads a new card or another reader at once', async () => {
    const { port, svc, cards, time } = setup();
    await svc.start();
    const desk = port.handle(READER_125K.path);
    desk.report(CARD_A);
    // The reader repeats the card every second for five seconds: still one read.
    for (let i = 0; i < 5; i++) {
      await time.advance(1000);
      desk.report(CARD_A);
    }
    expect(cards).toHaveLength(1);
    desk.report(CARD_B);
    port.handle(READER_13M.path).report(MIFARE);
    expect(cards.map((c) => c.uid)).toEqual(['00BC614E', '0000002A', 'DEADBEEF']);
    // Taken away and tapped again after the window: a new read.
    await time.advance(1500);
    desk.report(CARD_B);
    expect(cards.map((c) => c.uid)).toEqual(['00BC614E', '0000002A', 'DEADBEEF', '0000002A']);
  });

  it('ignores "no card" reports and counts garbage without throwing, flagging it in the status', async () => {
    const { port, svc, cards, status } = setup();
    await svc.start();
    const desk = port.handle(READER_125K.path);
    desk.report([0x0d, 0, 0, 0]);
    expect(svc.stats()['desk-125k']).toEqual({ reports: 1, cards: 0, rejected: 0 });
    expect(status('desk-125k')?.error).toBeNull();

    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (report) => {
        desk.report(report);
        port.handle(READER_13M.path).report(report);
      }),
      { numRuns: 500 },
    );
    for (const c of cards) expect(c.uid).toMatch(/^(?:[0-9A-F]{2}){3,10}$/);
    expect(svc.stats()['desk-125k']?.rejected).toBeGreaterThan(0);
    expect(status('desk-125k')?.connected).toBe(true);

    desk.report([...Buffer.from('12a\r', 'latin1')]);
    expect(status('desk-125k')?.error).toBe(DECODE_ERROR);
    desk.report([...Buffer.from('777\r', 'latin1')]);
    expect(status('desk-125k')?.error).toBeNull();
  });

  it('survives unplug and replug: disconnected status, back-off re-enumeration, then reads again', async () => {
    const { port, svc, cards, status, statusEvents, time } = setup();
    await svc.start();
    const before = port.enumerations;
    expect(time.pending()).toEqual([]); // all connected: no enumeration scheduled

    port.unplug(READER_125K.path);
    await settle();
    expect(status('desk-125k')).toMatchObject({ connected: false, error: expect.stringContaining('disconnected') });
    expect(statusEvents.at(-1)?.find((s) => s.id === 'desk-125k')?.connected).toBe(false);
    expect(status('desk-13m')?.connected).toBe(true);

    // Back-off while the reader is away: 500 ms, then doubling up to the 10 s cap.
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const [next] = time.pending();
      expect(next).toBeDefined();
      delays.push(next ?? 0);
      await time.advance(next ?? 0);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(port.enumerations - before).toBe(7);

    port.plug(READER_125K);
    await time.advance(10_000);
    expect(status('desk-125k')).toMatchObject({ connected: true, error: null });
    port.handle(READER_125K.path).report(CARD_A);
    expect(cards).toEqual([{ readerId: 'desk-125k', uid: '00BC614E' }]);

    // Connected again: enumeration stops.
    const afterReplug = port.enumerations;
    await time.advance(120_000);
    expect(port.enumerations).toBe(afterReplug);
    expect(time.pending()).toEqual([]);
  });

  it('looks again quickly after a fresh unplug even when the back-off had grown', async () => {
    const { port, svc, time, status } = setup({ devices: [READER_125K] });
    await svc.start(); // desk-13m missing: back-off grows
    await time.advance(500 + 1000 + 2000 + 4000);
    expect(time.pending()).toEqual([8000]);
    port.unplug(READER_125K.path);
    await settle();
    expect(time.pending()).toEqual([500]);
    port.plug(READER_125K);
    await time.advance(500);
    expect(status('desk-125k')?.connected).toBe(true);
    expect(time.pending()).toEqual([1000]); // still waiting for desk-13m
  });

  it('finds a reader plugged in after start, then stops enumerating', async () => {
    const { port, svc, time, status } = setup({ devices: [KEYBOARD] });
    await svc.start();
    expect(svc.statuses().every((s) => !s.connected)).toBe(true);
    await time.advance(500 + 1000);
    port.plug(READER_125K, READER_13M);
    await time.advance(2000);
    expect(status('desk-125k')?.connected).toBe(true);
    expect(status('desk-13m')?.connected).toBe(true);
    const count = port.enumerations;
    await time.advance(60_000);
    expect(port.enumerations).toBe(count);
  });

  it('reports a device it may not open (missing udev rule) and keeps retrying without flooding the log', async () => {
    const { port, svc, time, status, logs } = setup({ devices: [READER_125K, READER_13M] });
    port.refuse.add(READER_125K.path);
    await svc.start();
    expect(status('desk-125k')).toMatchObject({ connected: false, error: expect.stringContaining('cannot open /dev/hidraw3') });
    await time.advance(30_000);
    expect(logs.filter((l) => l.includes('cannot open'))).toHaveLength(1);
    port.refuse.delete(READER_125K.path);
    await time.advance(10_000);
    expect(status('desk-125k')).toMatchObject({ connected: true, error: null });
  });

  it('shows a failing enumeration in the status and recovers from it', async () => {
    const { port, svc, time, status } = setup();
    port.listFailure = new Error('libusb not found');
    await svc.start();
    expect(status('desk-13m')?.error).toContain('cannot list HID devices: libusb not found');
    port.listFailure = null;
    await time.advance(500);
    expect(status('desk-13m')).toMatchObject({ connected: true, error: null });
  });

  it('two profiles for the same model each claim their own device', async () => {
    const twin = parseReaderProfiles({
      version: 1,
      profiles: ['left', 'right'].map((id) => ({ id, name: id, vendorId: 0xffff, productId: 0x35, reportDecoder: 'ascii-digits', byteOrder: 'normal' })),
    });
    const port = new FakeHidPort();
    port.plug({ ...READER_125K, path: '/dev/hidraw9' }, { ...READER_125K, path: '/dev/hidraw8' });
    service = new HidReaderService({ profiles: twin, port, scheduler: new FakeTime() });
    await service.start();
    expect(port.openPaths()).toEqual(['/dev/hidraw8', '/dev/hidraw9']);
    expect(service.statuses().every((s) => s.connected)).toBe(true);
  });

  it('keeps the reader when a card listener throws', async () => {
    const { port, svc, cards, status, logs } = setup();
    svc.on('card', () => {
      throw new Error('listener bug');
    });
    await svc.start();
    port.handle(READER_125K.path).report(CARD_A);
    expect(cards).toHaveLength(1);
    expect(status('desk-125k')?.connected).toBe(true);
    expect(logs.some((l) => l.includes('listener bug'))).toBe(true);
  });

  it('stop() closes handles, cancels timers, is idempotent and silences the readers', async () => {
    const { port, svc, cards, time } = setup({ devices: [READER_125K] });
    await svc.start();
    const handle = port.handle(READER_125K.path);
    expect(time.pending()).toHaveLength(1); // desk-13m still missing
    await svc.stop();
    await svc.stop();
    expect(handle.closed).toBe(true);
    expect(time.pending()).toEqual([]);
    expect(svc.statuses().every((s) => !s.connected)).toBe(true);
    const count = port.enumerations;
    await time.advance(60_000);
    expect(port.enumerations).toBe(count);
    handle.report(CARD_A);
    expect(cards).toEqual([]);
  });

  it('stop() during an open closes the device that opens late; start() again works', async () => {
    const { port, svc, time } = setup({ devices: [READER_125K] });
    let release = () => {};
    port.openGate = new Promise<void>((resolve) => (release = resolve));
    const starting = svc.start();
    await settle();
    const stopping = svc.stop();
    release();
    await Promise.all([starting, stopping]);
    expect(port.handles).toHaveLength(1);
    expect(port.handles[0]?.closed).toBe(true);
    expect(time.pending()).toEqual([]);

    port.openGate = null;
    await svc.start();
    expect(port.openPaths()).toEqual([READER_125K.path]);
  });

  it('never writes card UIDs to the log', async () => {
    const { port, svc, logs, time } = setup();
    await svc.start();
    port.handle(READER_125K.path).report(CARD_A);
    port.handle(READER_13M.path).report(MIFARE);
    port.unplug(READER_13M.path);
    await time.advance(1000);
    port.plug(READER_13M);
    await time.advance(10_000);
    port.handle(READER_13M.path).report(MIFARE);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(line).not.toMatch(/00BC614E|DEADBEEF|12345678|EFBEADDE/i);
  });
});
