import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every common build). */
const TICKS_PER_S = 100;

/**
 * CPU seconds (user + system) used so far by every process named `name` on this machine, from
 * /proc; null where /proc cannot tell (not Linux, or the processes cannot be read). Processes
 * that ended in between are missing from the later reading, so a difference of two readings
 * is a floor: PostgreSQL's backends live as long as their connections, which outlive a drain.
 */
export function processesCpuSeconds(name: string): number | null {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue;
        // The command may hold spaces and parentheses: the fields are counted after the last ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
        found = true;
      } catch {
        // Ended while being read.
      }
    }
  } catch {
    return null;
  }
  return found ? ticks / TICKS_PER_S : null;
}

/** This process's CPU seconds so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
