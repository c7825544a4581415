import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { cartFromCartValue } from '../../src/sessions/legacy/woocommerce-session.ts';
import { freshPostgresDatabase } from '../helpers/app.ts';
import { ROOT, cliEnv, runCli, tempDataDir, type CliResult } from '../helpers/cli.ts';
import { DUMP_HEADER, csvOf, legacyRows, mysqlBatchOf, sessionValue, sqlDumpOf, writeSqlDump, type LegacyRow } from '../sessions/legacy/fixtures.ts';

/**
 * `cartwright import-sessions` as a store moving from CoCart 3.x runs it (needs `npm run build`): a
 * CSV export and an SQL dump of `wp_cocart_carts`, on SQLite and, where DATABASE_URL is set, PostgreSQL.
 */

const NOW = Math.floor(Date.now() / 1000);
const KINDS = process.env.DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

interface Report {
  imported: number;
  skipped_existing: number;
  skipped_expired: number;
  failed: number;
  failures: { where: string; cart_key: string; reason: string }[];
}

/** Like runCli, with room for a long import. */
function runLong(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/cartwright.js'), ...args], { cwd: ROOT, env: cliEnv(env), timeout: 900_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe.each(KINDS)('cartwright import-sessions on %s', (kind) => {
  const dataDir = tempDataDir();
  const env: Record<string, string> = { DATA_DIR: dataDir };
  let drop: (() => Promise<void>) | null = null;
  let handle: DatabaseHandle | null = null;
  const file = (name: string, text: string) => {
    const path = join(dataDir, name);
    writeFileSync(path, text);
    return path;
  };
  const db = () => (handle ??= connect({ databaseUrl: env.DATABASE_URL ?? null, dataDir })).db;
  const importJson = async (args: string[]) => {
    const r = await runCli(['import-sessions', ...args, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Report;
  };
  const stored = (key: string) => db().selectFrom('carts').selectAll().where('cart_key', '=', key).executeTakeFirstOrThrow();

  beforeAll(async () => {
    if (kind === 'postgres') {
      const pg = await freshPostgresDatabase('cw_sessions');
      env.DATABASE_URL = pg.url;
      drop = pg.drop;
    }
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // 40 rows: customers keyed 1, 3, 5 …, guests by hex keys; rows 9, 19, 29, 39 expired; row 7 cut short.
  const first = [...legacyRows(40, { now: NOW, expiredEvery: 10, malformed: [7] })];
  const live = first.filter((r, i) => r.cart_expiry >= NOW && i !== 7);

  it('imports a CSV export into the 3.x layout, converting every session, and reports expired and broken rows', async () => {
    const report = await importJson([file('carts.csv', csvOf(first))]);
    expect(report).toEqual({
      imported: 35,
      skipped_existing: 0,
      skipped_expired: 4,
      failed: 1,
      failures: [{ where: 'line 9', cart_key: first[7].cart_key, reason: expect.stringMatching(/^cart_value: string of \d+ bytes runs past the end of the input at byte \d+$/) }],
    });

    const rows = await db().selectFrom('carts').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.cart_key)).toEqual(live.map((r) => r.cart_key));
    for (const [i, row] of rows.entries()) {
      const source = live[i];
      expect(row).toMatchObject({
        layout: 3,
        user_id: null,
        customer_id: null,
        legacy_key: null,
        handed_to: null,
        revision: 1,
        cart_created: source.cart_created,
        cart_expiry: source.cart_expiry,
        cart_source: source.cart_source,
        cart_hash: source.cart_hash,
      });
      expect(JSON.parse(row.cart_value)).toEqual(cartFromCartValue(source.cart_value));
    }

    // A customer's cart, keyed by user ID: simple product, coupon, addresses, payment method.
    const customer = JSON.parse((await stored('1')).cart_value);
    expect(customer.lines).toEqual([expect.objectContaining({ productId: 10, variationId: 0, quantity: 1, itemData: {}, customPrice: null })]);
    expect(customer.coupons).toEqual(['save10']);
    expect(customer.customer.billing).toMatchObject({ email: 'customer0@example.org', address_1: '1 High Street', postcode: 'SW1A 1AA' });
    expect(customer.paymentMethod).toBe('cod');
    expect(customer.notices).toEqual([]);
    // A guest's cart: a variation with attributes and item data.
    const guest = JSON.parse((await stored(first[1].cart_key)).cart_value);
    expect(guest.lines[1]).toMatchObject({
      productId: 40,
      variationId: 42,
      id: 42,
      variation: { attribute_pa_color: 'blue', attribute_logo: 'Yes' },
      itemData: { gift_wrap: 'yes', engraving: { text: expect.stringMatching(/^Für .+ ♥$/), font: 'serif' } },
    });
    expect(guest.customer.billing.email).toBe('');
  });

  it('re-imported as an SQL dump, skips every stored key and never overwrites a stored cart', async () => {
    const changed: LegacyRow[] = first.map((r, i) => (i === 0 ? { ...r, cart_value: sessionValue({ items: [{ productId: 99, quantity: 9 }] }), cart_hash: 'new' } : r));
    const before = await stored('1');
    const report = await importJson([file('carts.sql', sqlDumpOf(changed, { rowsPerInsert: 7 }))]);
    expect(report).toMatchObject({ imported: 0, skipped_existing: 35, skipped_expired: 4, failed: 1 });
    expect(report.failures[0]).toMatchObject({ where: `row 8 (line ${DUMP_HEADER.split('\n').length + 1})`, cart_key: first[7].cart_key });
    expect(await stored('1')).toEqual(before);
    expect(Number((await db().selectFrom('carts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(35);
  });

  it('imports expired carts too with --include-expired, from a dump with a column list, format given', async () => {
    const more = [...legacyRows(20, { now: NOW, start: 1000, expiredEvery: 5 })];
    const report = await importJson([file('more.txt', sqlDumpOf(more, { columnList: true })), '--format', 'sql', '--include-expired']);
    expect(report).toEqual({ imported: 20, skipped_existing: 0, skipped_expired: 0, failed: 0, failures: [] });
    const expired = more[4];
    expect(expired.cart_expiry).toBeLessThan(NOW);
    expect(await stored(expired.cart_key)).toMatchObject({ layout: 3, cart_expiry: expired.cart_expiry });
  });

  it('says in words what it did, lists at most 20 failures, and asks for the database update', async () => {
    const rows = [...legacyRows(30, { now: NOW, start: 2000, malformed: Array.from({ length: 25 }, (_, i) => i) })];
    const r = await runCli(['import-sessions', file('batch.tsv', mysqlBatchOf(rows))], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Imported carts from ${join(dataDir, 'batch.tsv')}: 5 imported, 0 skipped (already stored), 0 skipped (expired), 25 failed.`);
    expect(lines[1]).toBe('Rows that could not be imported:');
    expect(lines[2]).toMatch(/^ {2}line 2 \(cart_key 2001\): cart_value: /);
    expect(lines.filter((l) => /^ {2}line \d+/.test(l))).toHaveLength(20);
    expect(lines).toContain('  … and 5 more');
    expect(lines[lines.length - 1]).toMatch(/run `cartwright update`/);
    const json = await importJson([join(dataDir, 'batch.tsv')]);
    expect(json).toMatchObject({ imported: 0, skipped_existing: 5, failed: 25 });
    expect(json.failures).toHaveLength(20);
  });

  it('imports a dump of 100 000 carts in reasonable time', { timeout: 900_000 }, async () => {
    const path = join(dataDir, 'large.sql');
    const size = await writeSqlDump(path, legacyRows(100_000, { now: NOW, start: 1_000_000, distinct: 500 }), { rowsPerInsert: 1000 });
    const started = Date.now();
    const r = await runLong(['import-sessions', path, '--json'], env);
    const seconds = (Date.now() - started) / 1000;
    rmSync(path);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ imported: 100_000, skipped_existing: 0, skipped_expired: 0, failed: 0, failures: [] });
    const count = await db().selectFrom('carts').select((eb) => eb.fn.countAll().as('n')).where('cart_key', '=', '1000001').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    console.log(`import-sessions on ${kind}: 100 000 rows (${(size / 1e6).toFixed(0)} MB of SQL) in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(600);
  });
});

describe('cartwright import-sessions: files and arguments', () => {
  const env = { DATA_DIR: tempDataDir() };

  it('exits with 1 when the file is missing or is no export of the table', async () => {
    const missing = await runCli(['import-sessions', '/nonexistent/carts.csv'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('cartwright: File not found: /nonexistent/carts.csv');

    const notes = join(env.DATA_DIR, 'notes.txt');
    writeFileSync(notes, 'just some notes\n');
    const garbage = await runCli(['import-sessions', notes], env);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/^cartwright: Cannot import .*notes\.txt: this is neither an SQL dump nor a CSV file/);

    const other = join(env.DATA_DIR, 'other.sql');
    writeFileSync(other, "INSERT INTO wp_options VALUES (1,'blogname','Shop');\n");
    const wrongTable = await runCli(['import-sessions', other, '--json'], env);
    expect(wrongTable.code).toBe(1);
    expect(wrongTable.stderr).toMatch(/no INSERT INTO …cocart_carts/);
    expect(wrongTable.stdout).toBe('');

    const cut = join(env.DATA_DIR, 'cut.csv');
    writeFileSync(cut, 'cart_key,cart_value\n1,a:0:{}\n');
    const noExpiry = await runCli(['import-sessions', cut], env);
    expect(noExpiry.code).toBe(1);
    expect(noExpiry.stderr).toMatch(/the columns cart_expiry are missing/);
  });

  it('imports the rows before a break in the file, says where it broke, and exits with 1', async () => {
    const rows = [...legacyRows(3, { now: NOW, start: 5000 })];
    const broken = join(env.DATA_DIR, 'broken.sql');
    writeFileSync(broken, sqlDumpOf(rows) + "INSERT INTO `wp_cocart_carts` VALUES (9,'k',CONCAT('a:0:{}'),1,2,'cocart','');\n");
    const r = await runCli(['import-sessions', broken, '--json'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 3, failed: 0, error: expect.stringContaining('unsupported value "CONCAT"') });
    expect(r.stderr).toMatch(/could not be read to the end: .*CONCAT.*\(line \d+\)\. The rows before it were imported/);
    const again = await runCli(['import-sessions', broken, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped_existing: 3 });
  });

  it('exits with 2 for bad arguments', async () => {
    const format = await runCli(['import-sessions', 'x.csv', '--format', 'xml'], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format.*xml.*csv, sql/s);
    expect((await runCli(['import-sessions'], env)).code).toBe(2);
    expect((await runCli(['import-sessions', 'x.csv', '--overwrite'], env)).code).toBe(2);
    const help = await runCli(['import-sessions', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--include-expired');
  });
});
