import type { Kysely } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_audit_log';
import * as m0003 from './0003_staff_pin';
import * as m0004 from './0004_members_lifecycle';
import * as m0005 from './0005_sync_state';
import * as m0006 from './0006_sync_pull';

export interface Migration {
  /** Equals the position in the list, starting at 1; the database's user_version after it ran. */
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** The static, ordered list of migrations (a test checks it against the folder). */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_initial', up: m0001.up },
  { version: 2, name: '0002_audit_log', up: m0002.up },
  { version: 3, name: '0003_staff_pin', up: m0003.up },
  { version: 4, name: '0004_members_lifecycle', up: m0004.up },
  { version: 5, name: '0005_sync_state', up: m0005.up },
  { version: 6, name: '0006_sync_pull', up: m0006.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
