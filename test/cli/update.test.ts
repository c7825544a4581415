import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { DATABASES, freshPostgresDatabase } from '../helpers/app.ts';
import { authHeaders, withUser } from '../helpers/auth.ts';
import { ROOT, cliEnv, runCli, startServer, tempDataDir, type CliResult } from '../helpers/cli.ts';
import { guestKey, insertLegacyCarts } from '../helpers/legacy-carts.ts';

/**
 * `cartwright update` on a store that brought 100 000 carts from CoCart 3.x (needs `npm run build`):
 * killed mid-way and started again while shoppers keep writing to those carts through a running
 * server, it finishes with no cart lost, duplicated or reverted.
 */

const LEGACY = 100_000;
const CUSTOMERS = 8;
const WRITTEN_GUESTS = 60;
const BIN = join(ROOT, 'bin/cartwright.js');

function runLong(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), timeout: 600_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe.each(DATABASES)('cartwright update (%s)', (kind) => {
  const env: Record<string, string> = { DATA_DIR: tempDataDir(), WORKERS: '0' };
  let drop: (() => Promise<void>) | null = null;
  let handle: DatabaseHandle;
  let server: Awaited<ReturnType<typeof startServer>>;
  const customers: { id: number; login: string }[] = [];

  beforeAll(async () => {
    if (kind === 'postgres') {
      const pg = await freshPostgresDatabase('cw_update');
      env.DATABASE_URL = pg.url;
      drop = pg.drop;
    }
    server = await startServer(env);
    handle = connect({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR, poolSize: 2 });
    for (let i = 0; i < CUSTOMERS; i++) {
      const u = await withUser(handle.db, 'customer', `shopper${i}`);
      customers.push({ id: u.id, login: u.username });
    }
    const made = await fetch(`${server.url}/wp-json/cocart/v2/cart/add-item`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"60"}' });
    const key = made.headers.get('cocart-api-cart-key')!;
    const template = await handle.db.selectFrom('carts').select('cart_value').where('cart_key', '=', key).executeTakeFirstOrThrow();
    await handle.db.deleteFrom('carts').where('cart_key', '=', key).execute();
    await insertLegacyCarts(handle.db, customers.map((c) => c.id), LEGACY - CUSTOMERS, template.cart_value);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await handle?.close();
    await drop?.();
  });

  const remaining = async () => Number((await handle.db.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n')).where('layout', '=', 3).executeTakeFirstOrThrow()).n);

  it('status says an update is needed', async () => {
    const r = await runCli(['status', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.update).toMatchObject({
      state: 'needed',
      routines: [
        { name: 'cartwright_update_400_session_layout', remaining: LEGACY },
        { name: 'cartwright_update_010_local_demo_images', remaining: 0 },
      ],
    });
    expect(status.sessions).toMatchObject({ total: LEGACY, active: LEGACY, expired: 0 });
    expect(status.database.kind).toBe(kind);
  }, 120_000);

  it('killed mid-way and run again while shoppers write, it upgrades every cart once and keeps every write', async () => {
    // Shoppers: customers through their credentials, guests through their 3.x keys.
    const targets = [
      ...customers.map((c) => ({ name: `customer ${c.id}`, headers: authHeaders(c.login) })),
      ...Array.from({ length: WRITTEN_GUESTS }, (_, i) => ({ name: guestKey(i), headers: { 'cocart-api-cart-key': guestKey(i) } as Record<string, string> })),
    ];
    const landed = new Map<string, number>(targets.map((t) => [t.name, 0]));
    const failures: string[] = [];
    let stop = false;
    const shopper = async (n: number) => {
      for (let i = n; !stop; i += 6) {
        const t = targets[i % targets.length];
        const r = await fetch(`${server.url}/wp-json/cocart/v2/cart/add-item`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...t.headers },
          body: '{"id":"30","quantity":"1"}',
        });
        if (r.status === 200) landed.set(t.name, landed.get(t.name)! + 1);
        else failures.push(`${t.name}: ${r.status} ${await r.text()}`);
        // And read it back: the cart is there, with everything added so far, upgraded or not. (Another
        // shopper may write the same cart meanwhile: what counts is what had landed when the read was sent.)
        const landedBefore = landed.get(t.name)!;
        const read = await fetch(`${server.url}/wp-json/cocart/v2/cart`, { headers: t.headers });
        const items = read.status === 200 ? ((await read.json()) as { items: { id: number; quantity: { value: number } }[] }).items : [];
        const added = items.find((item) => item.id === 30)?.quantity.value ?? 0;
        if (!items.some((item) => item.id === 60) || added < landedBefore) failures.push(`${t.name}: read ${read.status} with ${added} of ${landedBefore} added`);
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, n) => shopper(n)));

    const child = spawn(process.execPath, [BIN, 'update'], { cwd: ROOT, env: cliEnv(env), stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    for (;;) {
      const left = await remaining();
      if (left < LEGACY) break;
      if (child.exitCode !== null) throw new Error('update ended before it was killed');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const afterKill = await remaining();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(LEGACY);

    const resumed = await runLong(['update', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ state: 'complete', routines: [{ remaining: 0 }, { remaining: 0 }] });
    expect(JSON.parse(resumed.stdout).updated).toBeLessThanOrEqual(afterKill);
    stop = true;
    await load;

    expect(failures).toEqual([]);
    expect(await remaining()).toBe(0);
    const total = Number((await handle.db.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(total).toBe(LEGACY);
    for (const c of customers) {
      const rows = await handle.db.selectFrom('carts').selectAll().where('customer_id', '=', c.id).execute();
      expect(rows, `customer ${c.id}`).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user_id: c.id, legacy_key: String(c.id), layout: 4 });
      expect(rows[0].cart_key).toMatch(/^[0-9a-f]{30}$/);
      const lines = JSON.parse(rows[0].cart_value).lines.map((l: { productId: number; quantity: number }) => [l.productId, l.quantity]);
      const writes = landed.get(`customer ${c.id}`)!;
      expect(lines, `customer ${c.id}`).toEqual(writes ? [[60, 1], [30, writes]] : [[60, 1]]);
    }
    for (let i = 0; i < WRITTEN_GUESTS; i++) {
      const row = await handle.db.selectFrom('carts').selectAll().where('cart_key', '=', guestKey(i)).executeTakeFirstOrThrow();
      const lines = JSON.parse(row.cart_value).lines.map((l: { productId: number; quantity: number }) => [l.productId, l.quantity]);
      const writes = landed.get(guestKey(i))!;
      expect(lines, guestKey(i)).toEqual(writes ? [[60, 1], [30, writes]] : [[60, 1]]);
    }
    expect([...landed.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 600_000);

  it('status then says the update is complete; running it again finds nothing to do', async () => {
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout);
    expect(status.update.state).toBe('complete');
    const again = await runCli(['update', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ updated: 0, state: 'complete' });
    const text = await runCli(['update'], env);
    expect(text.stdout).toContain('No database update required.');
  }, 120_000);
});
