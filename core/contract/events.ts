import { z } from 'zod';
import { id, readerStatusDto } from './dto';
import { deskStateDto } from './staffDto';
import { syncStatusDto } from './syncMethods';

/** Events main pushes to the renderer over the one event channel. */
export const events = {
  'reader.status': z.array(readerStatusDto),
  /** A vendor-mode (HID) reader read a card; the canonical UID in upper-case hex. */
  'reader.card': z.object({ readerId: z.string(), uid: z.string() }),
  'visit.recorded': z.object({ visitId: id, memberId: id }),
  /** Sign-in, sign-out and the lock, including the inactivity lock the desk did not ask for. */
  'staff.state': deskStateDto,
  /** Head-office sync: connection, pending count, last success and error. */
  'sync.status': syncStatusDto,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
