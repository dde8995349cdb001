import type { CardFormat } from '../core/cards/cardFormat';
import { CARD_FORMATS } from '../core/cards/cardFormat';
import type { ReaderStatusDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import { getSetting, putSetting } from '../db/queries/desk';
import type { ServiceContext } from './context';

/** What the vendor-mode (HID) reader service offers the registry; absent in tests without HID. */
export interface HidReaderSource {
  statuses(): ReaderStatusDto[];
  on(event: 'status', listener: (statuses: ReaderStatusDto[]) => void): unknown;
  on(event: 'card', listener: (card: { readerId: string; uid: string }) => void): unknown;
}

export const WEDGE_READER_ID = 'wedge';
const formatKey = (readerId: string) => `reader.${readerId}.format`;

/**
 * All card readers of this desk. Keyboard-emulating readers cannot be told apart by the OS, so
 * they are one entry whose card-number format is a setting; HID readers report themselves.
 */
export class ReaderRegistry {
  private wedgeFormat: CardFormat = 'dec10';
  private wedgeLastReadAt: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly hid: HidReaderSource | null,
  ) {
    hid?.on('status', () => this.publish());
    hid?.on('card', (card) => this.ctx.events.emit('reader.card', card));
  }

  async load(): Promise<void> {
    const saved = await getSetting(this.ctx.kdb.db, formatKey(WEDGE_READER_ID));
    if (saved && (CARD_FORMATS as readonly string[]).includes(saved)) this.wedgeFormat = saved as CardFormat;
  }

  private wedgeStatus(): ReaderStatusDto {
    return {
      id: WEDGE_READER_ID,
      kind: 'wedge',
      name: 'keyboard',
      // A keyboard-mode reader is invisible until it types; it counts as connected once it has.
      connected: this.wedgeLastReadAt !== null,
      format: this.wedgeFormat,
      lastReadAt: this.wedgeLastReadAt,
      error: null,
    };
  }

  list(): ReaderStatusDto[] {
    return [this.wedgeStatus(), ...(this.hid?.statuses() ?? [])];
  }

  private publish(): void {
    this.ctx.events.emit('reader.status', this.list());
  }

  /**
   * Called on each card the keyboard reader typed. Status goes out at most once a second: the
   * header's "last read" stays current without an event per tap in a morning queue.
   */
  noteWedgeRead(): void {
    const now = this.ctx.clock.now();
    const last = this.wedgeLastReadAt ? Date.parse(this.wedgeLastReadAt) : Number.NEGATIVE_INFINITY;
    this.wedgeLastReadAt = now.toISOString();
    if (now.getTime() - last >= 1000) this.publish();
  }

  async configure(readerId: string, format: CardFormat): Promise<ReaderStatusDto> {
    if (readerId !== WEDGE_READER_ID) {
      if (this.hid?.statuses().some((s) => s.id === readerId)) {
        throw new KioskError('CONFLICT', 'vendor-mode readers are configured in their profile file');
      }
      throw new KioskError('NOT_FOUND', 'reader not found');
    }
    await putSetting(this.ctx.kdb.db, formatKey(readerId), format);
    this.wedgeFormat = format;
    this.publish();
    return this.wedgeStatus();
  }
}
