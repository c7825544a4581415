import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/**
 * A hot query built and compiled by Kysely once; each run only puts in its arguments. Building and
 * compiling a small query costs about as much as SQLite takes to run it, on every request.
 *
 * The query is built once with a stand-in for each argument, so its SQL must not depend on the
 * values: only scalars compared, set or inserted (no `null`, which Kysely turns into `is null`, and
 * no lists for `in`). Arguments are strings or numbers, by name.
 */
export class PreparedQuery<DB, A extends Record<string, string | number>, R> {
  private compiled: CompiledQuery<R> | null = null;
  /** For each parameter of the compiled query: the argument it takes, or null for a constant. */
  private slots: (keyof A | null)[] = [];

  constructor(
    private readonly names: readonly (keyof A & string)[],
    private readonly build: (db: Kysely<DB>, args: A) => Compilable<R>,
  ) {}

  /** Runs on `db` or on a transaction of it (one dialect per query: the first run compiles it). */
  async execute(db: Kysely<DB>, args: A): Promise<QueryResult<R>> {
    const compiled = this.compiled ?? this.compile(db);
    const parameters = compiled.parameters.map((constant, i) => {
      const slot = this.slots[i];
      return slot === null ? constant : args[slot];
    });
    return db.executeQuery({ ...compiled, parameters });
  }

  /** The SQL it runs, once it has run. */
  sql(): string | undefined {
    return this.compiled?.sql;
  }

  private compile(db: Kysely<DB>): CompiledQuery<R> {
    const standIns = Object.fromEntries(this.names.map((name) => [name, standIn(name)])) as unknown as A;
    const compiled = this.build(db, standIns).compile();
    const byStandIn = new Map(this.names.map((name) => [standIn(name), name]));
    this.slots = compiled.parameters.map((p) => (typeof p === 'string' ? (byStandIn.get(p) ?? null) : null));
    const missing = this.names.filter((name) => !this.slots.includes(name));
    if (missing.length) throw new Error(`Prepared query does not use ${missing.join(', ')}`);
    if (!statementNames.has(compiled.sql)) statementNames.set(compiled.sql, `cartwright_${statementNames.size + 1}`);
    this.compiled = compiled;
    return compiled;
  }
}

/** The SQL of every prepared query, with the name PostgreSQL knows it by on each connection. */
const statementNames = new Map<string, string>();

/**
 * The name to run `sql` under as a PostgreSQL named statement, which each connection parses and plans
 * only once; undefined for SQL that is not a prepared query's. (SQLite's statements are kept by text
 * in `connect`.)
 */
export function statementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

function standIn(name: string): string {
  return `\u0000prepared:${name}`;
}
