import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HidReaderService } from '../../services/devices/hidReaderService';
import type { ReaderProfile } from '../../services/devices/readerProfiles';
import { FakeHidPort } from '../../services/devices/testing/fakeHid';
import type { Clock } from '../../services/ports';

const PATH = 'simulated-hidraw0';
const PROFILE: ReaderProfile = {
  id: 'desk-13m',
  name: '13.56 MHz reader (simulated)',
  vendorId: 0x0483,
  productId: 0x5750,
  reportDecoder: 'uid-bytes',
  offset: 0,
  byteOrder: 'normal',
};

/**
 * A vendor-mode reader for browser tests: the real HidReaderService (decoding, debounce,
 * status, unplug/replug) over an in-memory USB port, with routes that play the hardware's part.
 * Only the preview host started with --simulate-hid-reader has it; the app never does.
 */
export async function startSimulatedHidReader(clock: Clock) {
  const port = new FakeHidPort();
  let plugged = false;
  const plug = (): void => {
    if (plugged) return;
    port.plug({ path: PATH, vendorId: PROFILE.vendorId, productId: PROFILE.productId });
    plugged = true;
  };
  plug();
  const service = new HidReaderService({ profiles: [PROFILE], port, clock, backoff: { initialMs: 100, maxMs: 500 } });
  await service.start();

  const routes = (app: FastifyInstance): void => {
    // A report as the reader sends it: [length, ...uid bytes].
    const report = z.object({ bytes: z.array(z.number().int().min(0).max(255)).min(1).max(64) }).strict();
    app.post('/__test/hid/report', async (req, reply) => {
      const parsed = report.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send({ error: 'bytes must be 1–64 integers 0–255' });
      if (!plugged) return reply.code(409).send({ error: 'the simulated reader is unplugged' });
      port.handle(PATH).report(parsed.data.bytes);
      return { ok: true };
    });
    app.post('/__test/hid/unplug', async () => {
      port.unplug(PATH);
      plugged = false;
      return { ok: true };
    });
    app.post('/__test/hid/plug', async () => {
      plug();
      return { ok: true };
    });
  };
  return { source: service, stop: () => service.stop(), routes };
}
