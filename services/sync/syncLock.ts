import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export class SyncLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
  ) {
    super(`another sync engine (process ${holderPid}) already runs on this database (lock ${lockPath}); only one may run per database file`);
    this.name = 'SyncLockedError';
  }
}

export interface SyncLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Exactly one sync engine per database file (SYNC.md fault 12): a lock file beside the database
 * holding the owner's PID, created with O_EXCL. A lock left by a process that no longer runs is
 * taken over; one held by a live process (this one included) is refused.
 */
export function acquireSyncLock(dbPath: string): SyncLock {
  const path = `${dbPath}.sync-lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    // The PID goes into a private temp file first and link() publishes it atomically, so no
    // other process ever reads a half-written lock and mistakes it for a stale one.
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, String(process.pid), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // vanished between link and read: try again
      }
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new SyncLockedError(path, holder);
      // Stale: the holder crashed. Remove and try once more.
      rmSync(path, { force: true });
      continue;
    } finally {
      rmSync(temp, { force: true });
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      },
    };
  }
  throw new Error(`could not take the sync lock ${path}`);
}
