import type Database from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * A Kysely query compiled once into a better-sqlite3 prepared statement. Kysely builds and
 * compiles a query on every call (~35 µs); the check-in path runs a dozen queries per tap, so
 * its reads are built with Kysely (typed) but compiled once and then only executed.
 *
 * Placeholders: the builder receives unique sentinel values standing for the arguments; every
 * compiled parameter that is a sentinel is replaced by its argument at execution, the others
 * (constants such as LIMIT 1) are kept.
 */
export class PreparedQuery<Args extends unknown[], Row> {
  private readonly stmt: Database.Statement;
  private readonly bind: (args: Args) => unknown[];

  constructor(sqlite: Database.Database, db: Kysely<DB>, build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>) {
    const arity = build.length - 1;
    const sentinels = Array.from({ length: arity }, (_, i) => `\u0000arg${i}\u0000`);
    const compiled = build(db, ...(sentinels as unknown as Args)).compile();
    type Slot = { arg: number } | { value: unknown };
    const slots = compiled.parameters.map((p): Slot => {
      const index = typeof p === 'string' ? sentinels.indexOf(p) : -1;
      return index >= 0 ? { arg: index } : { value: p };
    });
    const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
    if (used.size !== arity) throw new Error(`prepared query uses ${used.size} of its ${arity} arguments`);
    this.stmt = sqlite.prepare(compiled.sql);
    this.bind = (args) => slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
  }

  get(...args: Args): Row | undefined {
    return this.stmt.get(...this.bind(args)) as Row | undefined;
  }

  all(...args: Args): Row[] {
    return this.stmt.all(...this.bind(args)) as Row[];
  }
}

/** A prepared INSERT of whole rows by column name (better-sqlite3 named parameters). */
export function prepareInsert<T extends keyof DB, C extends keyof DB[T] & string>(sqlite: Database.Database, table: T, columns: readonly C[]) {
  const stmt = sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  return (row: Record<C, unknown>) => stmt.run(row);
}

/** Compile-once queries over one database: `prepared(kdb)((db, a: string) => db.selectFrom…)`. */
export function preparer(sqlite: Database.Database, db: Kysely<DB>) {
  return <Args extends unknown[], Row>(build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>) => new PreparedQuery<Args, Row>(sqlite, db, build);
}
