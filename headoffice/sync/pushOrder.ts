/**
 * Pushes of one client id, in this process, one at a time and lowest seq first.
 *
 * A desk draining a long queue sends its next batch while head office is still applying the
 * current one (services/sync/pushClient.ts), so the two overlap in time. Without this, the
 * later batch could take the client row's lock first, meet a gap and be answered OUT_OF_ORDER
 * — correct (the database lock and the gap check keep order, on any number of processes), but
 * a wasted request and a resend. Here the later batch waits in memory instead of holding a
 * database connection on the row lock, and when the client is free the waiting batch with the
 * lowest first seq goes next.
 *
 * Nothing here is needed for correctness; an idle client keeps no state.
 */
export class PushOrder {
  private readonly clients = new Map<string, ClientTurns>();

  async run<T>(clientId: string, firstSeq: number, work: () => Promise<T>): Promise<T> {
    let turns = this.clients.get(clientId);
    if (!turns) {
      turns = { busy: false, waiting: [] };
      this.clients.set(clientId, turns);
    }
    const mine = turns;
    await new Promise<void>((start) => {
      mine.waiting.push({ firstSeq, start });
      this.next(clientId, mine);
    });
    try {
      return await work();
    } finally {
      mine.busy = false;
      this.next(clientId, mine);
    }
  }

  /** How many client ids have a push running or waiting (tests). */
  get activeClients(): number {
    return this.clients.size;
  }

  private next(clientId: string, turns: ClientTurns): void {
    if (turns.busy) return;
    if (turns.waiting.length === 0) {
      this.clients.delete(clientId);
      return;
    }
    let lowest = 0;
    for (let i = 1; i < turns.waiting.length; i++) if (turns.waiting[i]!.firstSeq < turns.waiting[lowest]!.firstSeq) lowest = i;
    const [turn] = turns.waiting.splice(lowest, 1);
    turns.busy = true;
    turn!.start();
  }
}

interface ClientTurns {
  busy: boolean;
  waiting: { firstSeq: number; start: () => void }[];
}
