import type { KioskApi } from '../core/contract/methods';
import { INACTIVITY_LOCK_MS } from '../core/staff/pinPolicy';
import { openKioskDatabase, type KioskDatabase } from '../db/connection';
import { thisDevice } from '../db/queries/desk';
import { prepareDeskReads } from '../db/queries/deskReads';
import { AuditLog } from './audit/auditLog';
import { AuditReader } from './audit/auditReader';
import { CheckinService } from './checkinService';
import { ClassService } from './classService';
import { ConsumptionService } from './consumption/consumptionService';
import { OutboxWriter, type ServiceContext } from './context';
import { seedDemoData } from './demo/demoData';
import { DeskService } from './deskService';
import { KioskEvents } from './events';
import { buildKioskApi, deskStateDto } from './kioskApi';
import { MemberPanelReader } from './memberPanel';
import { MemberSearch } from './memberSearch';
import { CardService } from './members/cardService';
import { DeletionService } from './members/deletionService';
import { MemberPageService } from './members/memberPageService';
import { MemberUpdateService } from './members/memberUpdateService';
import { RegistrationService } from './members/registrationService';
import { MembershipService } from './membership/membershipService';
import { loadBranchPolicy } from './policyLoader';
import { newId as defaultNewId, systemClock, type Clock, type IdGenerator } from './ports';
import { FieldCipher } from './privacy/fieldCipher';
import { fileKeyProvider, type KeyProvider } from './privacy/keys';
import { ReaderRegistry, type HidReaderSource } from './readerRegistry';
import type { PinHashParams } from './staff/pinHash';
import { StaffAuth } from './staff/staffAuth';
import { SyncService } from './sync/enrollment';
import type { SyncEngineOptions } from './sync/syncEngine';
import { fileSyncSecretStore, type SyncSecretStore } from './sync/syncSecretStore';
import { ClockOffset } from './sync/syncState';

export interface KioskOptions {
  dbPath: string;
  /** Folder holding policy/ (the app's resources/). */
  resourcesDir: string;
  clock?: Clock;
  newId?: IdGenerator;
  hid?: HidReaderSource | null;
  nativeBinding?: string;
  /** Seed the demo chain into an empty database (first start on embedded defaults). */
  demo?: boolean;
  /**
   * Keys of the sealed member fields: Electron passes its safeStorage-held blob; otherwise a
   * 0600 key file beside the database (web preview host, tests).
   */
  keys?: KeyProvider;
  inactivityLockMs?: number;
  /** Cost of new PIN hashes (tests lower it; stored hashes carry their own). */
  pinHashParams?: Readonly<PinHashParams>;
  /**
   * The offset to head-office time that stamps new outbox HLCs; pass the one the sync engine
   * updates. Default: a fresh holder seeded from sync_state (exposed as `Kiosk.clockOffset`).
   */
  clockOffset?: ClockOffset;
  /**
   * Where the head-office device credential is kept: Electron passes the safeStorage-sealed
   * store; otherwise a 0600 file beside the database (web preview host, tests).
   */
  syncSecrets?: SyncSecretStore;
  /** Don't start the sync engine on open (benchmarks, tests driving an engine of their own). */
  syncDisabled?: boolean;
  /** Extra sync engine options (tests: back-off, kick delay) and the fetch it uses. */
  syncEngine?: Partial<SyncEngineOptions>;
  fetch?: typeof fetch;
}

/** How often the desk checks for the inactivity lock. */
const IDLE_CHECK_MS = 5_000;

export interface Kiosk {
  api: KioskApi;
  events: KioskEvents;
  ctx: ServiceContext;
  /** Offset to head-office time used by new HLC stamps; hand it to the sync engine. */
  clockOffset: ClockOffset;
  /** Head-office sync: enrollment and the push engine. */
  sync: SyncService;
  close(): Promise<void>;
}

export class NotProvisionedError extends Error {
  constructor() {
    super('this database has no desk device yet: start with demo data or enroll the PC');
    this.name = 'NotProvisionedError';
  }
}

/** The clock offset the last sync exchange measured (0 before the first). */
async function storedClockOffset(kdb: KioskDatabase): Promise<number> {
  const row = await kdb.db.selectFrom('sync_state').select('clock_offset_ms').where('id', '=', 1).executeTakeFirst();
  return row?.clock_offset_ms ?? 0;
}

/**
 * The composition of every kiosk service over one database file. Both composition roots
 * (Electron main and the web preview host) call this; nothing else differs between them.
 */
export async function openKiosk(options: KioskOptions): Promise<Kiosk> {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? defaultNewId;
  const kdb = await openKioskDatabase(options.dbPath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    let device = await thisDevice(kdb.db);
    if (!device && options.demo) {
      await seedDemoData(kdb, clock, newId);
      device = await thisDevice(kdb.db);
    }
    if (!device) throw new NotProvisionedError();
    const desk = { ...device };
    const clockOffset = options.clockOffset ?? new ClockOffset(await storedClockOffset(kdb));
    const events = new KioskEvents();
    // Caches over replicated tables reload when a pull writes them; they subscribe once built below.
    const syncAppliedListeners: ((tables: ReadonlySet<string>) => void)[] = [];
    const sync = new SyncService({
      kdb,
      clock,
      localBranchId: device.branchId,
      secrets: options.syncSecrets ?? fileSyncSecretStore(`${options.dbPath}.sync.json`),
      offset: clockOffset,
      onStatus: (status) => events.emit('sync.status', status),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      engine: { ...options.syncEngine, onApplied: (tables) => syncAppliedListeners.forEach((listener) => listener(tables)) },
      onOutboxMoved: () => outbox.resume(),
    });
    const outbox = new OutboxWriter(kdb, device.deviceId, clock, newId, () => clockOffset.get(), () => sync.kick());
    outbox.resume();
    const audit = new AuditLog(kdb.sqlite, clock, newId);
    const lockAfterMs = options.inactivityLockMs ?? INACTIVITY_LOCK_MS;
    const auth = new StaffAuth({
      kdb,
      clock,
      audit,
      newId,
      inactivityLockMs: lockAfterMs,
      ...(options.pinHashParams ? { hashParams: options.pinHashParams } : {}),
      onChange: (state) => events.emit('staff.state', deskStateDto(state, lockAfterMs)),
    });
    const ctx: ServiceContext = {
      kdb,
      clock,
      newId,
      events,
      desk,
      policy: loadBranchPolicy(options.resourcesDir, desk.branchCode),
      outbox,
      reads: prepareDeskReads(kdb),
      audit,
      auth,
      cipher: new FieldCipher(options.keys ?? fileKeyProvider(`${options.dbPath}.keys.json`)),
    };
    const deskService = new DeskService(ctx);
    await deskService.load();
    const onDuty = () => auth.onDutyStaffId();
    const panels = new MemberPanelReader(ctx);
    await panels.load();
    syncAppliedListeners.push((tables) => panels.syncApplied(tables));
    const readers = new ReaderRegistry(ctx, options.hid ?? null);
    await readers.load();
    const cards = new CardService(ctx);
    const pages = new MemberPageService(ctx);
    const api = buildKioskApi({
      clock,
      auth,
      lockAfterMs,
      desk: deskService,
      checkin: new CheckinService(ctx, panels, onDuty),
      classes: new ClassService(ctx, panels, onDuty),
      search: new MemberSearch(ctx),
      panels,
      readers,
      audit: new AuditReader(kdb),
      registration: new RegistrationService(ctx, cards),
      cards,
      pages,
      profiles: new MemberUpdateService(ctx, pages),
      deletion: new DeletionService(ctx),
      membership: new MembershipService(ctx),
      consumption: new ConsumptionService(ctx),
      sync,
    });
    // The inactivity lock must happen (and reach the screen) even when nobody calls in.
    const idleTimer = setInterval(() => auth.lockIfIdle(), IDLE_CHECK_MS);
    idleTimer.unref();
    if (!options.syncDisabled) sync.start();

    return {
      api,
      events: ctx.events,
      ctx,
      clockOffset,
      sync,
      close: async () => {
        clearInterval(idleTimer);
        await sync.stop();
        await kdb.close();
      },
    };
  } catch (error) {
    await kdb.close();
    throw error;
  }
}
