import type { KioskDatabase } from '../../db/connection';
import { preparer } from '../../db/prepared';

/**
 * The staff columns sign-in reads and writes (migration 0003), compiled once. Synchronous, so
 * a read-decide-write runs inside one better-sqlite3 transaction with its audit row.
 */
export function prepareStaffPinStore(kdb: KioskDatabase) {
  const q = preparer(kdb.sqlite, kdb.db);
  return {
    byId: q((db, staffId: string) =>
      db.selectFrom('staff').select(['id', 'name', 'role', 'active', 'pin_hash', 'failed_attempts', 'locked_until']).where('id', '=', staffId),
    ),
    /** A new PIN starts with a clean slate: whoever set it has vouched for the holder. */
    setPin: q((db, staffId: string, pinHash: string, setAt: string) =>
      db
        .updateTable('staff')
        .set({ pin_hash: pinHash, pin_set_at: setAt, failed_attempts: 0, locked_until: null })
        .where('id', '=', staffId)
        .returning('id'),
    ),
    recordFailure: q((db, staffId: string, failedAttempts: number, lockedUntil: string | null) =>
      db.updateTable('staff').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('id', '=', staffId).returning('id'),
    ),
    recordSuccess: q((db, staffId: string) =>
      db.updateTable('staff').set({ failed_attempts: 0, locked_until: null }).where('id', '=', staffId).returning('id'),
    ),
    /** Same PIN, current parameters: pin_set_at stays, it dates the PIN, not its encoding. */
    upgradeHash: q((db, staffId: string, pinHash: string) => db.updateTable('staff').set({ pin_hash: pinHash }).where('id', '=', staffId).returning('id')),
  };
}

export type StaffPinStore = ReturnType<typeof prepareStaffPinStore>;
