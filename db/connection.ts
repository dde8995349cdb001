import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from './migrate';
import type { DB } from './schema';

export interface KioskDatabase {
  /** The raw handle, for prepared statements on bulk paths and for pragmas. */
  sqlite: Database.Database;
  db: Kysely<DB>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** better-sqlite3's nativeBinding: Electron passes the build made against its own headers. */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Pragmas on every open. WAL first, then synchronous=FULL explicitly: better-sqlite3 leaves a
 * new WAL connection at NORMAL, which can roll back acknowledged commits on power loss.
 */
export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed pages are zeroed: an erased member's name or phone must not linger in free space
  // (PRODUCT.md §2, deletion). Costs a little write volume on deletes and page splits.
  sqlite.pragma('secure_delete = ON');
}

/** Opens (creating if needed) and migrates the kiosk database; refuses one newer than the app. */
export async function openKioskDatabase(path: string, options: OpenOptions = {}): Promise<KioskDatabase> {
  const sqlite = new Database(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
  });
  try {
    applyPragmas(sqlite);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    if (!options.readonly) await migrate(db as unknown as Kysely<unknown>, sqlite);
    return {
      sqlite,
      db,
      async close() {
        await db.destroy();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
