import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * One user at a time per generated database file: two benchmark runs would measure each
 * other's writes and undo each other's cleanup, and regenerating a file a benchmark has open
 * would delete the WAL under its connection. The lock file names its owner's pid; a dead
 * owner's lock is taken over.
 */
export function lockDatabase(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      const release = () => rmSync(lock, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new Error(`another process (pid ${owner}, a benchmark or the generator) is using ${path}; wait for it or remove ${lock}`);
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
