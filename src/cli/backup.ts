import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../config.ts';
import { connect, type ConnectOptions } from '../db/connection.ts';
import { postgresDriver } from '../db/drivers.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * `cartwright backup FILE` and `cartwright restore FILE`. On SQLite a backup is SQLite's online backup
 * of `<DATA_DIR>/cartwright.sqlite` (safe beside running servers) and a restore swaps the file in
 * atomically, keeping the replaced one; on PostgreSQL they run pg_dump and pg_restore. A restore runs
 * the structural migrations, so a backup made by an older version is brought up to date.
 * Exit codes: 0 done, 1 failed (nothing replaced), 2 bad arguments or a refusal (FILE exists without
 * --force, restore without --yes).
 */

const SQLITE_FILE = 'cartwright.sqlite';
/** Kysely's migration table: with `carts`, what makes a database Cartwright's. */
const MIGRATION_TABLE = 'kysely_migration';
const COUNTS_SQL = "select (select count(*) from carts) as carts, (select count(*) from products where type <> 'variation') as products";

interface Counts {
  carts: number;
  products: number;
}

interface Outcome extends Counts {
  database: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
  /** Restore on SQLite: where the replaced database was kept. */
  previous?: string | null;
  /** Restore: migrations that brought the backup up to date. */
  migrated?: string[];
  /** Restore on PostgreSQL: tables the backup did not have, dropped. */
  dropped?: string[];
  /** Where the data came from or went to, without credentials. */
  store: string;
}

const STOP_SERVERS = 'Stop every Cartwright server of this store before restoring, and start them again after.';

/** A refusal the user settles by changing the command line: exit code 2. */
function refuse(message: string): never {
  console.error(`cartwright: ${message}`);
  throw new CommanderError(2, 'cartwright.refused', message);
}

const toCounts = (row: { carts: unknown; products: unknown }): Counts => ({ carts: Number(row.carts), products: Number(row.products) });

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A name beside `file` for work in progress, renamed over the real name once complete. */
const partialName = (file: string, tag: string) => join(dirname(file), `.${basename(file)}.${tag}-${process.pid}`);

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function removeSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

// ---------------------------------------------------------------------------------------------------
// SQLite

const sqlitePath = (config: Config) => join(config.dataDir, SQLITE_FILE);

/** Opens a database file read-only for `work`; removes the -wal/-shm files opening it left beside it. */
async function readOnly<T>(file: string, work: (db: SQLite.Database) => T | Promise<T>): Promise<T> {
  const before = ['-wal', '-shm'].filter((s) => existsSync(file + s));
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return await work(db);
  } finally {
    db.close();
    for (const s of ['-wal', '-shm']) if (!before.includes(s)) rmSync(file + s, { force: true });
  }
}

/** SQLite's online backup of `source` into a new file `dest`, made a self-contained file (no -wal). */
async function sqliteCopy(source: SQLite.Database, dest: string): Promise<void> {
  // All remaining pages in one step: one read snapshot, so writes by running servers never restart it.
  await source.backup(dest, { progress: () => 0x7fffffff });
  const copy = new SQLite(dest);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Checks that `file` is an intact SQLite database with Cartwright's tables; its counts. */
async function inspectSqlite(file: string): Promise<Counts> {
  try {
    return await readOnly(file, (db) => {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`${file} is damaged (integrity check: ${String(check)})`);
      const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
      if (!tables.has(MIGRATION_TABLE) || !tables.has('carts') || !tables.has('products')) throw new Error(`${file} is a SQLite database but not a Cartwright one (no ${MIGRATION_TABLE}, carts and products tables)`);
      return toCounts(db.prepare(COUNTS_SQL).get() as Counts);
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new Error(`${file} is not a SQLite database.`);
    if (code === 'SQLITE_CANTOPEN') throw new Error(`Cannot open ${file}.`);
    throw err;
  }
}

/** Connects to a database, runs the structural migrations and counts what it holds. */
async function migrateAndCount(options: ConnectOptions): Promise<Counts & { migrated: string[] }> {
  const handle = connect({ ...options, poolSize: 1 });
  try {
    const migrated = await migrateToLatest(handle);
    const r = await sql.raw<Counts>(COUNTS_SQL).execute(handle.db);
    return { ...toCounts(r.rows[0]), migrated };
  } finally {
    await handle.close();
  }
}

async function sqliteBackup(config: Config, file: string): Promise<Outcome> {
  const live = sqlitePath(config);
  if (!existsSync(live)) throw new Error(`There is no database at ${live} to back up (DATA_DIR is ${config.dataDir}).`);
  const partial = partialName(file, 'partial');
  const source = new SQLite(live, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    await sqliteCopy(source, partial);
    const counts = await inspectSqlite(partial);
    renameSync(partial, file);
    return { database: 'sqlite', store: live, file, bytes: statSync(file).size, ...counts };
  } catch (err) {
    rmSync(partial, { force: true });
    removeSidecars(partial);
    throw err;
  } finally {
    source.close();
  }
}

/** A name for the replaced database that no earlier restore used. */
function keptName(live: string): string {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  for (let n = 1; ; n++) {
    const name = `${live}.before-restore-${stamp}${n > 1 ? `-${n}` : ''}`;
    if (!existsSync(name)) return name;
  }
}

/** Keeps the database about to be replaced; its -wal content too (the copy goes through SQLite). */
async function keepPrevious(live: string): Promise<string | null> {
  if (!existsSync(live)) return null;
  const kept = keptName(live);
  const current = new SQLite(live, { fileMustExist: true });
  try {
    current.pragma('busy_timeout = 10000');
    await sqliteCopy(current, kept);
  } catch (err) {
    rmSync(kept, { force: true });
    throw new Error(`Could not keep a copy of the current database ${live} (${(err as Error).message}); nothing was replaced. If it is damaged, move it out of the way yourself and run the restore again.`);
  } finally {
    current.close();
  }
  return kept;
}

async function sqliteRestore(config: Config, file: string, yes: boolean): Promise<Outcome> {
  const live = sqlitePath(config);
  if (sameFile(file, live)) refuse(`${file} is the store's database itself.`);
  const incoming = await inspectSqlite(file);
  if (!yes) {
    refuse(
      `restoring replaces all the data of the store at ${live} (carts, products, users, orders, settings) with the backup's ` +
        `(${plural(incoming.carts, 'cart')}, ${plural(incoming.products, 'product')}). ${STOP_SERVERS} Then run again with --yes.`,
    );
  }
  mkdirSync(config.dataDir, { recursive: true });
  // The copy is made and migrated beside the live file, then renamed over it: the store's database is
  // either the old one or the complete new one, never a mix.
  const temp = join(config.dataDir, `${SQLITE_FILE}.restoring-${process.pid}`);
  let previous: string | null = null;
  try {
    await readOnly(file, (source) => source.backup(temp, { progress: () => 0x7fffffff }));
    const result = await migrateAndCount({ databaseUrl: null, dataDir: config.dataDir, sqliteFile: basename(temp) });
    previous = await keepPrevious(live);
    removeSidecars(live);
    renameSync(temp, live);
    return { database: 'sqlite', store: live, file, bytes: statSync(file).size, carts: result.carts, products: result.products, previous, migrated: result.migrated };
  } finally {
    rmSync(temp, { force: true });
    removeSidecars(temp);
  }
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

interface PgTarget {
  /** DATABASE_URL without its password: what the tools get on their command line. */
  url: string;
  /** Without credentials, for messages. */
  describe: string;
  /** The environment for pg_dump/pg_restore: the password as PGPASSWORD. */
  env: NodeJS.ProcessEnv;
}

function pgTarget(databaseUrl: string): PgTarget {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), describe: `postgres://${url.host}${url.pathname}`, env };
}

class ToolMissing extends Error {}

/** Runs a PostgreSQL client tool; a missing binary or a failure is an Error naming it. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') fail(new ToolMissing(`${tool} was not found: install the PostgreSQL client tools (${tool}, of the server's major version or newer) and put them on PATH.`));
      else fail(new Error(`Could not run ${tool}: ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) return done(out);
      const detail = err.trim().split('\n').slice(-8).join('\n');
      fail(new Error(`${tool} failed (exit code ${code})${detail ? `:\n${detail}` : ''}`));
    });
  });
}

/** The tables of a pg_dump archive, as "schema.name"; an Error unless it is one of Cartwright's. */
async function inspectArchive(file: string, target: PgTarget): Promise<Set<string>> {
  let list: string;
  try {
    list = await runTool('pg_restore', ['--list', file], target.env);
  } catch (err) {
    if (err instanceof ToolMissing) throw err;
    throw new Error(`${file} is not a pg_dump archive (made with --format=custom, as cartwright backup does).`);
  }
  const tables = new Set<string>();
  for (const line of list.split('\n')) {
    const m = /^\d+; \d+ \d+ TABLE (\S+) (\S+) /.exec(line);
    if (m) tables.add(`${m[1]}.${m[2]}`);
  }
  const names = new Set([...tables].map((t) => t.slice(t.indexOf('.') + 1)));
  if (!names.has(MIGRATION_TABLE) || !names.has('carts') || !names.has('products')) throw new Error(`${file} is a pg_dump archive but not of a Cartwright database (no ${MIGRATION_TABLE}, carts and products tables).`);
  return tables;
}

async function pgBackup(config: Config & { databaseUrl: string }, file: string): Promise<Outcome> {
  const target = pgTarget(config.databaseUrl);
  await runTool('pg_dump', ['--version'], target.env);
  const partial = partialName(file, 'partial');
  const client = new (postgresDriver().Client)({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    // The counts and the dump read one snapshot, so the counts are those of the file.
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0].s;
    let counts: Counts;
    try {
      counts = toCounts((await client.query(COUNTS_SQL)).rows[0]);
    } catch (err) {
      throw new Error(`${target.describe} has no Cartwright tables to back up (${(err as Error).message}).`);
    }
    await runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--file', partial, target.url], target.env);
    await client.query('commit');
    renameSync(partial, file);
    return { database: 'postgres', store: target.describe, file, bytes: statSync(file).size, ...counts };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

/** Drops the tables a restored database has beyond the archive's: a newer version's, in the archive's schemas. */
async function dropTablesNotIn(config: Config & { databaseUrl: string }, archive: Set<string>): Promise<string[]> {
  const handle = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    const schemas = [...new Set([...archive].map((t) => t.slice(0, t.indexOf('.'))))];
    const rows = await sql<{ schema: string; name: string }>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in (${sql.join(schemas)})`.execute(handle.db);
    const extra = rows.rows.filter((r) => !archive.has(`${r.schema}.${r.name}`));
    if (!extra.length) return [];
    await handle.db.transaction().execute(async (trx) => {
      for (const t of extra) await sql`drop table if exists ${sql.table(`${t.schema}.${t.name}`)} cascade`.execute(trx);
    });
    return extra.map((t) => `${t.schema}.${t.name}`);
  } finally {
    await handle.close();
  }
}

async function pgRestore(config: Config & { databaseUrl: string }, file: string, yes: boolean): Promise<Outcome> {
  const target = pgTarget(config.databaseUrl);
  const archive = await inspectArchive(file, target);
  if (!yes) refuse(`restoring replaces all the data of the store at ${target.describe} (carts, products, users, orders, settings) with the backup's. ${STOP_SERVERS} Then run again with --yes.`);
  // One transaction: a restore that fails part-way changes nothing.
  await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', target.url, file], target.env);
  const dropped = await dropTablesNotIn(config, archive);
  const result = await migrateAndCount({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  return { database: 'postgres', store: target.describe, file, bytes: statSync(file).size, carts: result.carts, products: result.products, migrated: result.migrated, dropped };
}

// ---------------------------------------------------------------------------------------------------
// The commands

function checkFile(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch (err) {
    throw new Error((err as NodeJS.ErrnoException).code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${(err as Error).message}`);
  }
  if (!stat.isFile()) throw new Error(`${file} is not a file.`);
}

function json(o: Outcome, restore: boolean) {
  return {
    database: o.database,
    file: o.file,
    bytes: o.bytes,
    carts: o.carts,
    products: o.products,
    ...(restore && o.database === 'sqlite' ? { previous: o.previous ?? null } : {}),
  };
}

const contents = (o: Outcome) => `${formatBytes(o.bytes)}, ${plural(o.carts, 'cart')}, ${plural(o.products, 'product')}`;

export function registerBackupCommands(program: Command): void {
  // Argument mistakes (unknown option, missing file name) exit with 2; help with 0.
  const usage = (err: CommanderError) => {
    throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
  };

  program
    .command('backup')
    .description("back up the store's database to FILE (SQLite: an online backup, safe while servers run; PostgreSQL: pg_dump)")
    .argument('<file>', 'the backup file to write')
    .option('--force', 'overwrite FILE if it exists')
    .option('--json', 'machine-readable output')
    .exitOverride(usage)
    .action(async (fileArg: string, opts: { force?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const file = resolve(fileArg);
      if (existsSync(file)) {
        if (!statSync(file).isFile()) throw new Error(`${file} is not a file.`);
        if (!config.databaseUrl && sameFile(file, sqlitePath(config))) refuse(`${file} is the store's database itself.`);
        if (!opts.force) refuse(`${file} already exists: choose another name, or add --force to overwrite it.`);
      }
      if (!existsSync(dirname(file))) throw new Error(`The directory ${dirname(file)} does not exist.`);
      const o = config.databaseUrl ? await pgBackup({ ...config, databaseUrl: config.databaseUrl }, file) : await sqliteBackup(config, file);
      if (opts.json) return console.log(JSON.stringify(json(o, false)));
      if (o.database === 'postgres') console.log(`PostgreSQL: ran pg_dump --format=custom on ${o.store}.`);
      console.log(`Backed up ${o.store} to ${o.file} (${contents(o)}).`);
      console.log(`Restore it with: cartwright restore ${o.file} --yes`);
    });

  program
    .command('restore')
    .description(`replace the store's data with a backup made by cartwright backup (asks for --yes; stop the servers first)`)
    .argument('<file>', 'a backup file')
    .option('--yes', "replace the store's data")
    .option('--json', 'machine-readable output')
    .exitOverride(usage)
    .action(async (fileArg: string, opts: { yes?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const file = resolve(fileArg);
      checkFile(file);
      const yes = opts.yes === true;
      const o = config.databaseUrl ? await pgRestore({ ...config, databaseUrl: config.databaseUrl }, file, yes) : await sqliteRestore(config, file, yes);
      if (opts.json) return console.log(JSON.stringify(json(o, true)));
      if (o.database === 'postgres') console.log(`PostgreSQL: ran pg_restore --clean --if-exists --no-owner --single-transaction into ${o.store}.`);
      console.log(`Restored ${o.file} into ${o.store} (${contents(o)}).`);
      if (o.dropped?.length) console.log(`Dropped tables the backup did not have: ${o.dropped.join(', ')}.`);
      if (o.migrated?.length) console.log(`Brought up to date: ${o.migrated.join(', ')}.`);
      if (o.previous) console.log(`The replaced database is kept as ${o.previous}; to undo, restore it: cartwright restore ${o.previous} --yes`);
      console.log('Restart any server that was running: it still holds the old data. (Stop the servers before a restore.)');
    });
}
