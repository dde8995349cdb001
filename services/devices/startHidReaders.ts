import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../ports';
import type { HidReaderSource } from '../readerRegistry';
import { HidReaderService } from './hidReaderService';
import { nodeHidPort } from './nodeHidPort';
import { loadReaderProfiles } from './readerProfiles';

export interface StartedHidReaders {
  source: HidReaderSource | null;
  stop(): Promise<void>;
}

/**
 * Starts the vendor-mode readers listed in resources/readers/hid-readers.json. No file (or no
 * profiles) means keyboard-mode readers only. A bad file stops start-up with its error.
 */
export async function startHidReaders(resourcesDir: string, clock?: Clock, log: (m: string) => void = console.warn): Promise<StartedHidReaders> {
  const file = join(resourcesDir, 'readers', 'hid-readers.json');
  if (!existsSync(file)) return { source: null, stop: async () => {} };
  const profiles = loadReaderProfiles(file);
  if (profiles.length === 0) return { source: null, stop: async () => {} };
  const service = new HidReaderService({ profiles, port: nodeHidPort, log, ...(clock ? { clock } : {}) });
  await service.start();
  return { source: service, stop: () => service.stop() };
}
