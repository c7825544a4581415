import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connection.ts';
import * as m001 from '../../src/db/migrations/001_catalog.ts';
import * as m002 from '../../src/db/migrations/002_carts.ts';
import * as m003 from '../../src/db/migrations/003_users.ts';
import * as m004 from '../../src/db/migrations/004_commerce.ts';
import * as m005 from '../../src/db/migrations/005_idempotency.ts';
import * as m006 from '../../src/db/migrations/006_cart_handover.ts';
import { DATABASES, freshPostgresDatabase, type DatabaseKind } from '../helpers/app.ts';
import { ROOT, runCli, startServer, tempDataDir } from '../helpers/cli.ts';

/** `cartwright backup` / `cartwright restore` through the real command, on SQLite and (with DATABASE_URL) PostgreSQL. */

const CSV = join(ROOT, 'test/fixtures/woocommerce-products.csv');
/** Each test runs the real command a dozen times (a couple of seconds each on a busy machine). */
const SLOW = 180_000;

interface Store {
  kind: DatabaseKind;
  dir: string;
  env: Record<string, string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An empty store: a fresh DATA_DIR, and on PostgreSQL a fresh database. */
async function newStore(kind: DatabaseKind): Promise<Store> {
  const dir = tempDataDir();
  if (kind === 'sqlite') return { kind, dir, env: { DATA_DIR: dir } };
  const db = await freshPostgresDatabase('cw_backup');
  cleanups.push(db.drop);
  return { kind, dir, env: { DATA_DIR: dir, DATABASE_URL: db.url } };
}

async function usernames(store: Store): Promise<string[]> {
  const r = await runCli(['user', 'list', '--json'], store.env);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { username: string }[]).map((u) => u.username);
}

async function createUser(store: Store, username: string): Promise<void> {
  const r = await runCli(['user', 'create', '--username', username, '--email', `${username}@example.org`, '--password', 'correct horse'], store.env);
  expect(r.code, r.stderr).toBe(0);
}

/** A store with the demo catalogue, one cart (added through HTTP) and the customer "ada". */
async function seededStore(kind: DatabaseKind, whileRunning?: (store: Store) => Promise<void>): Promise<Store> {
  const store = await newStore(kind);
  const server = await startServer(store.env);
  try {
    const r = await fetch(`${server.url}/wp-json/cocart/v2/cart/add-item`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '10', quantity: '2' }) });
    expect(r.status).toBe(200);
    await whileRunning?.(store);
  } finally {
    await server.stop();
  }
  await createUser(store, 'ada');
  return store;
}

/** A store migrated only as far as an older Cartwright did (migrations 001–006). */
async function olderStore(kind: DatabaseKind): Promise<Store> {
  const store = await newStore(kind);
  const handle = connect({ databaseUrl: store.env.DATABASE_URL ?? null, dataDir: store.dir, poolSize: 1 });
  try {
    const migrations: Record<string, Migration> = { '001_catalog': m001, '002_carts': m002, '003_users': m003, '004_commerce': m004, '005_idempotency': m005, '006_cart_handover': m006 };
    const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    if (error) throw error;
  } finally {
    await handle.close();
  }
  return store;
}

describe.each(DATABASES)('cartwright backup and restore (%s)', (kind) => {
  it('backs up a store while its server runs, and a restore undoes the changes made since', async () => {
    let backup = '';
    let made: Record<string, unknown> = {};
    const store = await seededStore(kind, async (s) => {
      backup = join(s.dir, 'backup.bin');
      const r = await runCli(['backup', backup, '--json'], s.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      made = JSON.parse(r.stdout);
    });
    expect(made).toEqual({ database: kind, file: backup, bytes: statSync(backup).size, carts: 1, products: expect.any(Number) });
    expect(made.products).toBeGreaterThanOrEqual(25);
    // No work files left behind, on SQLite no -wal/-shm beside the backup either.
    expect(readdirSync(store.dir).filter((f) => f.includes('backup.bin'))).toEqual(['backup.bin']);

    // A second backup, in text, after ada was created.
    const text = await runCli(['backup', join(store.dir, 'second.bin')], store.env);
    expect(text.code).toBe(0);
    if (kind === 'postgres') expect(text.stdout).toMatch(/^PostgreSQL: ran pg_dump --format=custom on postgres:\/\/[^@\s]+\.$/m);
    expect(text.stdout).toContain(`to ${join(store.dir, 'second.bin')} (`);
    expect(text.stdout).toMatch(/\(\d+\.\d kB, 1 cart, \d+ products\)/);

    // Changes: ada replaced by bob, more products.
    await runCli(['user', 'delete', 'ada'], store.env);
    await createUser(store, 'bob');
    expect((await runCli(['import', CSV], store.env)).code).toBe(0);
    expect(await usernames(store)).toEqual(['bob']);

    const restored = await runCli(['restore', join(store.dir, 'second.bin'), '--yes', '--json'], store.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const result = JSON.parse(restored.stdout);
    expect(result).toEqual({
      database: kind,
      file: join(store.dir, 'second.bin'),
      bytes: statSync(join(store.dir, 'second.bin')).size,
      carts: 1,
      products: made.products,
      ...(kind === 'sqlite' ? { previous: expect.stringMatching(/cartwright\.sqlite\.before-restore-\d{8}T\d{6}Z$/) } : {}),
    });
    expect(await usernames(store)).toEqual(['ada']);

    // The store serves the restored data: the imported hoodie is gone, the cart is back.
    const server = await startServer({ ...store.env, SEED_DEMO: 'false' });
    try {
      expect((await fetch(`${server.url}/wp-json/cocart/v2/products/woo-hoodie`)).status).toBe(404);
      expect(Number((await fetch(`${server.url}/wp-json/cocart/v2/products?per_page=1`)).headers.get('x-wp-total'))).toBeGreaterThanOrEqual(25);
    } finally {
      await server.stop();
    }

    if (kind === 'sqlite') {
      // The replaced database was kept, whole: restoring it brings bob back.
      expect(existsSync(result.previous)).toBe(true);
      const undo = await runCli(['restore', result.previous, '--yes'], store.env);
      expect(undo.code).toBe(0);
      expect(undo.stdout).toContain(`Restored ${result.previous} into ${join(store.dir, 'cartwright.sqlite')} (`);
      expect(undo.stdout).toMatch(/The replaced database is kept as .*before-restore-/);
      expect(undo.stdout).toMatch(/Restart any server that was running/);
      expect(await usernames(store)).toEqual(['bob']);
      expect(readdirSync(store.dir).filter((f) => f.includes('restoring'))).toEqual([]);
    }
  }, SLOW);

  it('keeps orders: an order placed before the backup is there again after a restore', async () => {
    const store = await newStore(kind);
    const env = { ...store.env, PLUGINS: join(ROOT, 'test/fixtures/plugins/always-pay.mjs') };
    const orders = async () => {
      const handle = connect({ databaseUrl: store.env.DATABASE_URL ?? null, dataDir: store.dir, poolSize: 1 });
      try {
        return (await handle.db.selectFrom('orders').select(['id', 'order_key', 'status', 'total']).orderBy('id').execute()).map((o) => ({ ...o, total: Number(o.total) }));
      } finally {
        await handle.close();
      }
    };
    const server = await startServer(env);
    let placed: { order_id: number; order_key: string };
    try {
      const add = await fetch(`${server.url}/wp-json/cocart/v2/cart/add-item`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '45', quantity: '2' }) });
      const key = add.headers.get('cocart-api-cart-key')!;
      const billing = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };
      const r = await fetch(`${server.url}/wp-json/cocart/v2/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cocart-api-cart-key': key },
        body: JSON.stringify({ billing_address: billing, payment_method: 'alwayspay' }),
      });
      expect(r.status, await r.clone().text()).toBe(200);
      placed = await r.json();
    } finally {
      await server.stop();
    }
    const before = await orders();
    expect(before).toEqual([{ id: placed.order_id, order_key: placed.order_key, status: 'processing', total: expect.any(Number) }]);
    const file = join(store.dir, 'with-orders.bin');
    expect((await runCli(['backup', file], env)).code).toBe(0);

    // The order is lost after the backup; the restore brings it back as it was.
    const handle = connect({ databaseUrl: store.env.DATABASE_URL ?? null, dataDir: store.dir, poolSize: 1 });
    try {
      await handle.db.deleteFrom('order_items').execute();
      await handle.db.deleteFrom('order_notes').execute();
      await handle.db.deleteFrom('orders').execute();
    } finally {
      await handle.close();
    }
    expect(await orders()).toEqual([]);
    const restored = await runCli(['restore', file, '--yes'], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await orders()).toEqual(before);
  }, SLOW);

  it('refuses to restore without --yes, and to overwrite a file without --force', async () => {
    const store = await newStore(kind);
    await createUser(store, 'ada');
    const file = join(store.dir, 'b.bin');
    expect((await runCli(['backup', file], store.env)).code).toBe(0);
    const bytes = readFileSync(file);
    await createUser(store, 'bob');

    const again = await runCli(['backup', file], store.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const forced = await runCli(['backup', file, '--force', '--json'], store.env);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).file).toBe(file);

    const unconfirmed = await runCli(['restore', file], store.env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toBe('');
    expect(unconfirmed.stderr).toMatch(/replaces all the data of the store/);
    expect(unconfirmed.stderr).toMatch(/Stop every Cartwright server/);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await usernames(store)).toEqual(['ada', 'bob']);
    if (kind === 'sqlite') expect(readdirSync(store.dir).filter((f) => f.includes('before-restore'))).toEqual([]);

    expect((await runCli(['restore'], store.env)).code).toBe(2);
    expect((await runCli(['backup', file, '--bogus'], store.env)).code).toBe(2);
    const missing = await runCli(['restore', join(store.dir, 'nope.bin'), '--yes'], store.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`cartwright: File not found: ${join(store.dir, 'nope.bin')}`);
  }, SLOW);

  it('refuses a file that is not a backup, replacing nothing', async () => {
    const store = await newStore(kind);
    await createUser(store, 'ada');
    const junk = join(store.dir, 'junk.bin');
    writeFileSync(junk, 'not a database at all\n'.repeat(100));
    const r = await runCli(['restore', junk, '--yes'], store.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(kind === 'sqlite' ? /junk\.bin is not a SQLite database/ : /junk\.bin is not a pg_dump archive/);

    // A database, but not Cartwright's.
    const other = join(store.dir, 'other.sqlite');
    const db = new SQLite(other);
    db.exec('create table notes (body text)');
    db.close();
    const foreign = await runCli(['restore', other, '--yes', '--json'], store.env);
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toBe('');
    expect(foreign.stderr).toMatch(kind === 'sqlite' ? /not a Cartwright one/ : /not a pg_dump archive/);

    expect(await usernames(store)).toEqual(['ada']);
    expect(readdirSync(store.dir).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([]);
  }, SLOW);

  it('brings a backup made by an older version up to date', async () => {
    const old = await olderStore(kind);
    const file = join(old.dir, 'old.bin');
    const made = await runCli(['backup', file, '--json'], old.env);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ carts: 0, products: 0 });

    const store = await newStore(kind);
    await createUser(store, 'ada');
    const r = await runCli(['restore', file, '--yes'], store.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Brought up to date: .*008_session_layout/);
    expect(await usernames(store)).toEqual([]);
    await createUser(store, 'bob');
    expect(await usernames(store)).toEqual(['bob']);
  }, SLOW);
});

describe('cartwright backup on SQLite', () => {
  it('says there is nothing to back up in an empty DATA_DIR, and refuses to back up onto the database itself', async () => {
    const dir = tempDataDir();
    const r = await runCli(['backup', join(dir, 'b.sqlite')], { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no database at');
    await runCli(['user', 'list'], { DATA_DIR: dir });
    const self = await runCli(['backup', join(dir, 'cartwright.sqlite'), '--force'], { DATA_DIR: dir });
    expect(self.code).toBe(2);
    expect(self.stderr).toContain("is the store's database itself");
    const restoreSelf = await runCli(['restore', join(dir, 'cartwright.sqlite'), '--yes'], { DATA_DIR: dir });
    expect(restoreSelf.code).toBe(2);
  }, SLOW);
});

describe.runIf(process.env.DATABASE_URL)('cartwright backup on PostgreSQL', () => {
  it('names a missing pg_dump or pg_restore, and never prints the password', async () => {
    const store = await newStore('postgres');
    await createUser(store, 'ada');
    const env = { ...store.env, PATH: '/nonexistent' };
    const dump = await runCli(['backup', join(store.dir, 'b.dump')], env);
    expect(dump.code).toBe(1);
    expect(dump.stderr).toMatch(/pg_dump was not found/);
    expect(existsSync(join(store.dir, 'b.dump'))).toBe(false);

    const ok = await runCli(['backup', join(store.dir, 'b.dump')], store.env);
    expect(ok.code).toBe(0);
    const password = new URL(store.env.DATABASE_URL).password;
    if (password) expect(ok.stdout + ok.stderr).not.toContain(password);
    expect(ok.stdout).not.toMatch(/postgres:\/\/[^/\s]*@/);

    const restore = await runCli(['restore', join(store.dir, 'b.dump'), '--yes'], env);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/pg_restore was not found/);
    expect(await usernames(store)).toEqual(['ada']);
  }, SLOW);
});
