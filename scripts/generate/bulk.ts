import type Database from 'better-sqlite3';

/**
 * Multi-row INSERT through one prepared statement: better-sqlite3 pays a fixed cost per call,
 * so binding `rowsPerStatement` rows at once is several times faster than one row per call.
 */
export class BulkInserter {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private buffer: unknown[] = [];
  private readonly perRow: number;
  rows = 0;

  constructor(
    sqlite: Database.Database,
    table: string,
    columns: readonly string[],
    private readonly rowsPerStatement = 64,
  ) {
    this.perRow = columns.length;
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
    this.many = sqlite.prepare(head + Array.from({ length: rowsPerStatement }, () => tuple).join(','));
    this.one = sqlite.prepare(head + tuple);
  }

  /** Values in the column order given to the constructor. */
  add(values: unknown[]): void {
    if (values.length !== this.perRow) throw new Error(`expected ${this.perRow} values, got ${values.length}`);
    for (const v of values) this.buffer.push(v);
    this.rows++;
    if (this.buffer.length === this.perRow * this.rowsPerStatement) {
      this.many.run(this.buffer);
      this.buffer = [];
    }
  }

  /** Writes the rows still buffered; call before committing the transaction they belong to. */
  flush(): void {
    for (let i = 0; i < this.buffer.length; i += this.perRow) this.one.run(this.buffer.slice(i, i + this.perRow));
    this.buffer = [];
  }
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Progress on stderr, at most every `everyMs` but called often enough (once per batch) to print
 * at least that often: phase, rows/s of the phase, overall percent and ETA over weighted work.
 */
export class Progress {
  private readonly started = performance.now();
  private lastPrint = 0;
  private done = 0;
  private phase = '';
  private phaseStart = 0;
  private phaseRows = 0;

  constructor(
    private readonly totalWork: number,
    private readonly everyMs = 2000,
  ) {}

  startPhase(name: string): void {
    this.phase = name;
    this.phaseStart = performance.now();
    this.phaseRows = 0;
    process.stderr.write(`[generate] ${name}…\n`);
  }

  /** Rows written in this phase since the last call, and the work units they account for. */
  advance(rows: number, work = rows): void {
    this.phaseRows += rows;
    this.done += work;
    const now = performance.now();
    if (now - this.lastPrint >= this.everyMs) this.print(now);
  }

  print(now = performance.now()): void {
    this.lastPrint = now;
    const elapsed = (now - this.started) / 1000;
    const rate = this.phaseRows / Math.max(0.001, (now - this.phaseStart) / 1000);
    const fraction = Math.min(1, this.done / this.totalWork);
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
    const inPhase = duration((now - this.phaseStart) / 1000);
    // Index builds report no rows until they finish: show the time spent instead of a rate.
    const what = this.phaseRows > 0 ? `${this.phaseRows.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s` : `working ${inPhase}`;
    process.stderr.write(`[generate] ${this.phase}: ${what}, ${(fraction * 100).toFixed(1)}% overall, elapsed ${duration(elapsed)}, ETA ${duration(eta)}\n`);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
