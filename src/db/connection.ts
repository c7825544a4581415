import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { postgresDriver } from './drivers.ts';
import { statementName } from './prepared.ts';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human description for status output, without credentials. */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** SQLite file name inside dataDir; tests pass ':memory:'. */
  sqliteFile?: string;
  poolSize?: number;
}

export function connect(options: ConnectOptions): DatabaseHandle {
  if (options.databaseUrl) {
    // A database that does not answer a connection within 5 s fails the request (503) rather than
    // holding it; idle connections are let go after 30 s, so a restarted server is met with new ones.
    const pool = new (postgresDriver().Pool)({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
    // A dropped connection must not crash the process, idle in the pool or lent out between two
    // queries (a transaction's): the query in flight fails on its own, and the pool replaces it.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
      nameStatements(client);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      describe: `postgres://${url.host}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  const file = options.sqliteFile ?? 'cartwright.sqlite';
  let path = file;
  if (file !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    path = join(options.dataDir, file);
  }
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // A writer waits this long for another's lock, then the request is refused with 503 (never a hang).
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', describe: `sqlite:${path}`, close: () => db.destroy() };
}

/**
 * Prepared queries (src/db/prepared.ts) run as named statements: Kysely sends every query as text
 * with its parameters, which PostgreSQL would parse and plan again each time.
 */
function nameStatements(client: { query: unknown }): void {
  const query = (client.query as (config: unknown, values?: unknown) => unknown).bind(client);
  client.query = (text: unknown, values?: unknown) => {
    const name = typeof text === 'string' ? statementName(text) : undefined;
    return name ? query({ name, text, values }) : query(text, values);
  };
}

/**
 * Kysely prepares every query anew; preparing is a good share of a simple query's cost in SQLite.
 * Statements are reused by their SQL text (Kysely runs each one to completion before the next).
 */
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
      return (source: string) => {
        let stmt = cache.get(source);
        if (!stmt) {
          stmt = prepare(source);
          if (cache.size > 500) cache.clear();
          cache.set(source, stmt);
        }
        return stmt;
      };
    },
  });
}

export async function databaseVersion(handle: DatabaseHandle): Promise<string> {
  if (handle.dialect === 'postgres') {
    const r = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(handle.db);
    return `PostgreSQL ${r.rows[0].v}`;
  }
  const r = await sql<{ v: string }>`select sqlite_version() as v`.execute(handle.db);
  return `SQLite ${r.rows[0].v}`;
}

/**
 * A short write transaction: PostgreSQL's own, or SQLite's `BEGIN IMMEDIATE` (the write lock taken at
 * the start, so another process waits instead of failing half-way). Keep it short: on SQLite it holds
 * the whole database's write lock.
 */
export async function inWriteTransaction<T>(handle: DatabaseHandle, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  const tracked = (trx: Kysely<Database>) => {
    afterCommitCallbacks.set(trx, committed);
    return work(trx);
  };
  let result: T;
  if (handle.dialect === 'postgres') {
    result = await handle.db.transaction().execute((trx: Transaction<Database>) => tracked(trx));
  } else {
    result = await handle.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const value = await tracked(conn);
        await sql`commit`.execute(conn);
        return value;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw err;
      }
    });
  }
  for (const callback of committed) callback();
  return result;
}

/** What runs once each open write transaction has committed (dropped with it when it rolls back). */
const afterCommitCallbacks = new WeakMap<Kysely<Database>, (() => void)[]>();

/**
 * Runs `callback` once `trx` has committed: nothing when it rolls back. Outside a transaction of
 * `inWriteTransaction` (a plain connection, which commits each statement), at once.
 */
export function afterCommit(trx: Kysely<Database>, callback: () => void): void {
  const pending = afterCommitCallbacks.get(trx);
  if (pending) pending.push(callback);
  else callback();
}
