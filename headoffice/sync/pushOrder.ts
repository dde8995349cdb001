/**
 * Pushes of one client id, in this process, one at a time and lowest seq first.
 *
 * A desk draining a long queue sends its next batch while head office is still applying the
 * current one (services/sync/pushClient.ts), so the two overlap in time. Without this, the
 * later batch could take the client row's lock first, meet a gap and be answered OUT_OF_ORDER
 * — correct (the database lock and the gap check keep order, on any number of processes), but
 * a wasted request and a resend. Here the later batch waits in memory instead of holding a
 * database connection on the row lock, and when the client is free the batch with the lowest
 * first seq goes next.
 *
 * A push enters as soon as it is authenticated and parsed, before the work it does ahead of its
 * turn (headoffice/sync/push.ts beginPush), and its turn waits while a push of the same client
 * with a lower first seq has entered and not yet finished. Two batches sent moments apart (a
 * desk's first batch after its first answer, and the one it sends ahead) may reach the route in
 * either order and finish their early work in either order; the lower one still goes first.
 * Every entered push leaves (its route's `finally`), so the wait always ends; and it is cut short
 * after PATIENCE_MS, in case the lower push's early work waits on a database lock the higher one
 * holds (two first batches of a new client sent at once: the higher one's early work made the
 * client row), when the higher one goes first and is answered OUT_OF_ORDER as before.
 *
 * Nothing here is needed for correctness; an idle client keeps no state.
 */
/** How long pushes wait for a lower push of their client that has entered but is not ready for its turn. */
const PATIENCE_MS = 500;

export class PushOrder {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly patienceMs = PATIENCE_MS) {}

  /** Enters a push; call `leave()` when the request ends, whatever happened. */
  enter(clientId: string, firstSeq: number): PushTicket {
    let client = this.clients.get(clientId);
    if (!client) {
      client = { busy: false, entered: new Set(), timer: null };
      this.clients.set(clientId, client);
    }
    const mine = client;
    const entry: Entry = { firstSeq, start: null, left: false };
    mine.entered.add(entry);
    const leave = () => {
      if (entry.left) return;
      entry.left = true;
      mine.entered.delete(entry);
      this.next(clientId, mine);
    };
    const run = async <T>(work: () => Promise<T>): Promise<T> => {
      await new Promise<void>((start) => {
        entry.start = start;
        this.next(clientId, mine);
      });
      try {
        return await work();
      } finally {
        mine.busy = false;
        leave();
      }
    };
    return { run, leave };
  }

  /** How many client ids have a push entered (tests). */
  get activeClients(): number {
    return this.clients.size;
  }

  private next(clientId: string, client: Client, patienceOver = false): void {
    if (client.busy) return;
    if (client.entered.size === 0) {
      if (client.timer) clearTimeout(client.timer);
      this.clients.delete(clientId);
      return;
    }
    let lowest: Entry | null = null;
    let lowestWaiting: Entry | null = null;
    for (const e of client.entered) {
      if (!lowest || e.firstSeq < lowest.firstSeq) lowest = e;
      if (e.start && (!lowestWaiting || e.firstSeq < lowestWaiting.firstSeq)) lowestWaiting = e;
    }
    if (!lowestWaiting) return;
    if (lowest !== lowestWaiting && !patienceOver) {
      // The lowest is still doing its early work: the others wait for it, for a while.
      client.timer ??= setTimeout(() => {
        client.timer = null;
        this.next(clientId, client, true);
      }, this.patienceMs);
      client.timer.unref?.();
      return;
    }
    if (client.timer) clearTimeout(client.timer);
    client.timer = null;
    const start = lowestWaiting.start!;
    lowestWaiting.start = null;
    client.busy = true;
    start();
  }
}

export interface PushTicket {
  /** Waits for this push's turn, then runs `work`; leaves when it is done. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Idempotent. */
  leave(): void;
}

interface Entry {
  firstSeq: number;
  /** Set while the push waits for its turn. */
  start: (() => void) | null;
  left: boolean;
}

interface Client {
  busy: boolean;
  entered: Set<Entry>;
  /** Set while pushes wait for a lower one still doing its early work. */
  timer: ReturnType<typeof setTimeout> | null;
}
