/**
 * When a purchase happened, as a point-of-sale export writes it.
 *
 * Two shapes, kept apart because only one of them is an instant:
 * - branch wall-clock time without a zone ('2025-03-01 14:05[:09]') → `local`, normalised to
 *   'YYYY-MM-DDTHH:mm:ss'; the caller converts it with the branch's zone (core has no zone here).
 * - ISO-8601 with 'Z' or an offset → `instant`, normalised to UTC as Date#toISOString() writes
 *   it ('YYYY-MM-DDTHH:mm:ss.sssZ'), the form the rest of the store uses.
 *
 * The local form also accepts '/' and unpadded month/day/hour ('2025/3/1 9:05'): that is what a
 * zh-CN Excel writes when a manager opens the POS file and saves it again, and it is unambiguous
 * (year first). Day-first or month-first dates are never guessed.
 */

export type OccurredAt = { kind: 'local' | 'instant'; value: string };

export type OccurredAtResult =
  | { ok: true; occurredAt: OccurredAt; /** the calendar date as written, for range checks */ date: string }
  | { ok: false; message: string };

const LOCAL_RE = /^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$/;
const INSTANT_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)$/i;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC so no machine zone is involved.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function checkWallClock(w: WallClock): string | null {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > daysInMonth(w.year, w.month)) return 'no such calendar date';
  if (w.hour > 23 || w.minute > 59 || w.second > 59) return 'no such time of day';
  return null;
}

const dateOf = (w: WallClock): string => `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;

export function parseOccurredAt(raw: string): OccurredAtResult {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'time is empty' };

  const local = LOCAL_RE.exec(text);
  if (local) {
    const w = wallClock(local);
    const bad = checkWallClock(w);
    if (bad) return { ok: false, message: bad };
    const date = dateOf(w);
    return { ok: true, occurredAt: { kind: 'local', value: `${date}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}` }, date };
  }

  const iso = INSTANT_RE.exec(text);
  if (iso) {
    const w = wallClock(iso);
    const bad = checkWallClock(w);
    if (bad) return { ok: false, message: bad };
    const offset = offsetMinutes(iso[8] ?? 'Z');
    if (offset === null) return { ok: false, message: 'no such UTC offset' };
    const ms = Number((iso[7] ?? '').padEnd(3, '0').slice(0, 3)); // sub-millisecond digits are dropped
    const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms) - offset * 60_000;
    return { ok: true, occurredAt: { kind: 'instant', value: new Date(utc).toISOString() }, date: dateOf(w) };
  }

  return { ok: false, message: 'time is neither "YYYY-MM-DD HH:mm[:ss]" nor ISO-8601 with an offset' };
}

function wallClock(m: RegExpExecArray): WallClock {
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? '0'),
  };
}

/** 'Z', '+08', '+0800' or '+08:00' → minutes east of UTC; null outside the real ±14:00 range. */
function offsetMinutes(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
  return sign * (hours * 60 + minutes);
}
