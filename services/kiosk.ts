import type { KioskApi } from '../core/contract/methods';
import { parseHlc } from '../core/sync/hlc';
import { openKioskDatabase, type KioskDatabase } from '../db/connection';
import { thisDevice } from '../db/queries/desk';
import { prepareDeskReads } from '../db/queries/deskReads';
import { CheckinService } from './checkinService';
import { ClassService } from './classService';
import { OutboxWriter, type ServiceContext } from './context';
import { seedDemoData } from './demo/demoData';
import { DeskService } from './deskService';
import { KioskEvents } from './events';
import { MemberPanelReader } from './memberPanel';
import { MemberSearch } from './memberSearch';
import { loadBranchPolicy } from './policyLoader';
import { newId as defaultNewId, systemClock, type Clock, type IdGenerator } from './ports';
import { ReaderRegistry, WEDGE_READER_ID, type HidReaderSource } from './readerRegistry';

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
}

export interface Kiosk {
  api: KioskApi;
  events: KioskEvents;
  ctx: ServiceContext;
  close(): Promise<void>;
}

export class NotProvisionedError extends Error {
  constructor() {
    super('this database has no desk device yet: start with demo data or enroll the PC');
    this.name = 'NotProvisionedError';
  }
}

/**
 * The newest HLC written. One writer stamps rows in seq order with a monotonic clock, so the
 * last row's stamp is the largest: a primary-key lookup instead of a scan of the whole outbox.
 */
async function latestHlc(kdb: KioskDatabase) {
  const row = await kdb.db.selectFrom('sync_outbox').select('hlc').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.hlc ? parseHlc(row.hlc) : null;
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
    const outbox = new OutboxWriter(kdb, device.deviceId, clock, newId);
    outbox.seed(await latestHlc(kdb));
    const ctx: ServiceContext = {
      kdb,
      clock,
      newId,
      events: new KioskEvents(),
      desk,
      policy: loadBranchPolicy(options.resourcesDir, desk.branchCode),
      outbox,
      reads: prepareDeskReads(kdb),
    };
    const deskService = new DeskService(ctx);
    await deskService.load();
    const onDuty = () => deskService.onDutyStaffId();
    const panels = new MemberPanelReader(ctx);
    await panels.load();
    const checkin = new CheckinService(ctx, panels, onDuty);
    const classes = new ClassService(ctx, panels, onDuty);
    const search = new MemberSearch(ctx);
    const readers = new ReaderRegistry(ctx, options.hid ?? null);
    await readers.load();

    const api = {
      'desk.info': () => deskService.info(),
      'desk.setOnDuty': ({ staffId }) => deskService.setOnDuty(staffId),
      'checkin.card': async ({ card, format, readerId }) => {
        if (!readerId || readerId === WEDGE_READER_ID) readers.noteWedgeRead();
        return checkin.byCard(card, format);
      },
      'checkin.member': ({ memberId }) => checkin.byMember(memberId),
      'checkin.override': ({ visitId, reason }) => checkin.override(visitId, reason),
      'members.search': ({ query, limit }) => search.search(query, limit ?? 20),
      'members.panel': async ({ memberId }) => panels.read(memberId, clock.now().toISOString()),
      'classes.today': () => classes.today(),
      'classes.checkIn': ({ memberId, sessionId }) => classes.checkIn(memberId, sessionId),
      'readers.list': async () => readers.list(),
      'readers.configure': ({ readerId, format }) => readers.configure(readerId, format),
    } satisfies KioskApi;

    return { api, events: ctx.events, ctx, close: () => kdb.close() };
  } catch (error) {
    await kdb.close();
    throw error;
  }
}
