/**
 * Calendar facts of an instant in a branch's time zone. Chains run on Asia/Shanghai, but the
 * zone comes from the branch record so nothing depends on the machine's zone.
 */
export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** YYYY-MM */
  month: string;
  /** MM-DD, for birthdays */
  monthDay: string;
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(instant: string | Date, timeZone: string): LocalParts {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid instant: ${String(instant)}`);
  const parts = formatterFor(timeZone).formatToParts(d);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return {
    date: `${year}-${month}-${day}`,
    month: `${year}-${month}`,
    monthDay: `${month}-${day}`,
    hour: Number(get('hour')),
  };
}

/** Whole days from `fromDate` to `toDate` (both YYYY-MM-DD); negative when toDate is earlier. */
export function daysBetween(fromDate: string, toDate: string): number {
  const a = Date.parse(`${fromDate}T00:00:00Z`);
  const b = Date.parse(`${toDate}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('dates must be YYYY-MM-DD');
  return Math.round((b - a) / 86_400_000);
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError('date must be YYYY-MM-DD');
  return new Date(t + n * 86_400_000).toISOString().slice(0, 10);
}

/** The quarter label (e.g. 2026-Q3) `quartersBack` quarters before the one holding the instant. */
export function quarterLabel(instant: string | Date, timeZone: string, quartersBack = 0): string {
  const [y, m] = localParts(instant, timeZone).month.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3) + 1 - quartersBack;
  const year = y + Math.floor((q - 1) / 4);
  return `${year}-Q${((((q - 1) % 4) + 4) % 4) + 1}`;
}
