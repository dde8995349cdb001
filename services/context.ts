import type { BranchPolicy } from '../core/checkin/policy';
import { formatHlc, nextHlc, type HlcState } from '../core/sync/hlc';
import type { KioskDatabase } from '../db/connection';
import { prepareOutboxInsert, type OutboxMutation } from '../db/outbox';
import type { DeskReads } from '../db/queries/deskReads';
import type { AuditLog } from './audit/auditLog';
import type { KioskEvents } from './events';
import type { FieldCipher } from './privacy/fieldCipher';
import type { StaffAuth } from './staff/staffAuth';
import type { Clock, IdGenerator } from './ports';

export interface DeskIdentity {
  deviceId: string;
  deviceName: string;
  branchId: string;
  branchCode: string;
  branchName: string;
  timeZone: string;
}

/** What every service needs; built once by a composition root. */
export interface ServiceContext {
  kdb: KioskDatabase;
  clock: Clock;
  newId: IdGenerator;
  events: KioskEvents;
  desk: DeskIdentity;
  policy: BranchPolicy;
  outbox: OutboxWriter;
  reads: DeskReads;
  /** Append audit rows inside the transaction of the change they record. */
  audit: AuditLog;
  /** Who holds the desk; services take the acting staff member from the guard, not from here. */
  auth: StaffAuth;
  /** Seals sensitive member fields and computes blind indexes. */
  cipher: FieldCipher;
}

/** The staff member an action runs as (from the guard in kioskApi.ts). */
export interface Actor {
  staffId: string;
  name: string;
  role: import('../core/staff/permissions').StaffRole;
}

/**
 * Writes sync mutations stamped with a hybrid logical clock. The sync client id is the device
 * id until enrollment gives it its own (SYNC.md).
 */
export class OutboxWriter {
  private hlc: HlcState = { ms: 0, counter: 0 };
  private readonly insert: (m: OutboxMutation) => void;

  constructor(
    kdb: KioskDatabase,
    private readonly clientId: string,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    /** Offset to head-office time, in ms; 0 until the first sync response. */
    private readonly offsetMs: () => number = () => 0,
    /**
     * Told after each enqueue (the sync engine's `kick()`): it only schedules a push on a timer,
     * so it runs after the caller's transaction has committed.
     */
    private readonly onWrite: () => void = () => {},
  ) {
    this.insert = prepareOutboxInsert(kdb.sqlite, clientId);
  }

  /** Resume the clock from the newest stamp already written, so it never repeats one. */
  seed(latest: HlcState | null): void {
    if (latest && (latest.ms > this.hlc.ms || (latest.ms === this.hlc.ms && latest.counter > this.hlc.counter))) {
      this.hlc = latest;
    }
  }

  /** Enqueue a mutation; only inside the sqlite transaction that writes its business row. */
  write(name: string, version: number, args: Record<string, unknown>): void {
    const now = this.clock.now();
    this.hlc = nextHlc(this.hlc, now.getTime() + this.offsetMs());
    this.insert({
      mutationId: this.newId(),
      name,
      version,
      args,
      hlc: formatHlc(this.hlc, this.clientId),
      deviceTime: now.toISOString(),
    });
    this.onWrite();
  }
}
