import type { BranchPolicy } from '../core/checkin/policy';
import { formatHlc, nextHlc, parseHlc, type HlcState } from '../core/sync/hlc';
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
 * id until a re-enrollment moves the outbox to a new client (services/sync/outboxClient.ts);
 * `resume()` takes it, with the clock, from the newest outbox row.
 */
export class OutboxWriter {
  private hlc: HlcState = { ms: 0, counter: 0 };
  private clientId: string;
  private readonly insert: (clientId: string, m: OutboxMutation) => void;
  private readonly newest;

  constructor(
    kdb: KioskDatabase,
    deviceId: string,
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
    this.clientId = deviceId;
    this.insert = prepareOutboxInsert(kdb.sqlite);
    this.newest = kdb.sqlite.prepare<[], { client_id: string; hlc: string }>('SELECT client_id, hlc FROM sync_outbox ORDER BY seq DESC LIMIT 1');
  }

  /**
   * Resumes from the newest outbox row (a primary-key lookup): its client id, and its stamp, so
   * the clock never repeats one — one writer stamps rows in seq order with a monotonic clock, so
   * the last row's stamp is the largest. On open, and after a re-enrollment moved the outbox
   * (moveOutboxToClient leaves the newest row carrying the new client id).
   */
  resume(): void {
    const row = this.newest.get();
    if (!row) return;
    this.clientId = row.client_id;
    const latest = parseHlc(row.hlc);
    if (latest.ms > this.hlc.ms || (latest.ms === this.hlc.ms && latest.counter > this.hlc.counter)) {
      this.hlc = { ms: latest.ms, counter: latest.counter };
    }
  }

  /** Enqueue a mutation; only inside the sqlite transaction that writes its business row. */
  write(name: string, version: number, args: Record<string, unknown>): void {
    const now = this.clock.now();
    this.hlc = nextHlc(this.hlc, now.getTime() + this.offsetMs());
    this.insert(this.clientId, {
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
