import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../helpers/app.ts';
import { basicAuth, PASSWORD } from '../../helpers/auth.ts';
import { eventually, runCli, startServer, tempDataDir } from '../../helpers/cli.ts';

/**
 * Parallel writes to one cart from two real `cartwright serve` processes on one PostgreSQL
 * database, requests alternating between them as a load balancer would send them: no write is
 * lost, whichever process takes it. (Needs `npm run build`; runs where DATABASE_URL is set.)
 */
const N = 100;
const AUTH = basicAuth('admin');

type Server = Awaited<ReturnType<typeof startServer>>;

describe.runIf(!!process.env.DATABASE_URL)('concurrent writes to one cart from two server processes (postgres)', { timeout: 120_000 }, () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let a: Server;
  let b: Server;
  let productIds: number[] = [];

  beforeAll(async () => {
    db = await freshPostgresDatabase('cw_procs');
    // One after the other: the first migrates and seeds the demo store, the second finds it there.
    a = await startServer({ DATABASE_URL: db.url, DATA_DIR: tempDataDir(), SEED_DEMO: 'true' });
    b = await startServer({ DATABASE_URL: db.url, DATA_DIR: tempDataDir(), SEED_DEMO: 'false' });
    const user = await runCli(
      ['user', 'create', '--role', 'administrator', '--username', 'admin', '--email', 'admin@example.org', '--password', PASSWORD, '--json'],
      { DATABASE_URL: db.url, DATA_DIR: tempDataDir() },
    );
    expect(user.code, user.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  /** The i-th request goes to A when i is even, to B when odd. */
  const node = (i: number) => (i % 2 === 0 ? a : b);
  const addItem = (server: Server, key: string | null, id: string | number) =>
    fetch(`${server.url}/wp-json/cocart/v2/cart/add-item`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'cocart-api-cart-key': key } : {}) },
      body: JSON.stringify({ id: String(id), quantity: '1' }),
    });
  const readCart = async (server: Server, key: string) =>
    (await fetch(`${server.url}/wp-json/cocart/v2/cart`, { headers: { 'cocart-api-cart-key': key } })).json();
  const startCart = async (id: string) => {
    const r = await addItem(a, null, id);
    expect(r.status, await r.clone().text()).toBe(200);
    return r.headers.get('cocart-api-cart-key')!;
  };
  /** Whether `server`'s catalogue has every one of `ids`. */
  const lists = async (server: Server, ids: number[]) => {
    const r = await fetch(`${server.url}/wp-json/cocart/v2/products?include=${ids.join(',')}&per_page=100`);
    if (r.status !== 200) return false;
    const body = await r.json();
    const seen = body.products.map((p: { id: number }) => p.id).sort((x: number, y: number) => x - y);
    return JSON.stringify(seen) === JSON.stringify([...ids].sort((x, y) => x - y));
  };

  it('products created through the admin API on A reach B\'s catalogue', async () => {
    const r = await fetch(`${a.url}/wp-json/wc/v3/products/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify({
        create: Array.from({ length: N }, (_, i) => ({ name: `Two nodes ${i}`, type: 'simple', regular_price: '1.00', manage_stock: false })),
      }),
    });
    const text = await r.text();
    expect(r.status, text).toBe(200);
    const created = JSON.parse(text).create as { id: number; error?: unknown }[];
    expect(created.filter((p) => p.error)).toEqual([]);
    productIds = created.map((p) => p.id);
    expect(new Set(productIds).size).toBe(N);
    expect(await lists(a, productIds)).toBe(true);
    // B learns of them through the database; give it a moment.
    await eventually(() => lists(b, productIds), 15_000);
  });

  it(`${N} parallel increments of one line, alternating between the processes, add up exactly`, async () => {
    const key = await startCart('60');
    const results = await Promise.all(Array.from({ length: N }, (_, i) => addItem(node(i), key, '60')));
    const statuses = await Promise.all(results.map(async (r) => (r.status === 200 ? 200 : `${r.status} ${await r.text()}`)));
    expect(statuses).toEqual(Array(N).fill(200));
    for (const server of [a, b]) {
      const cart = await readCart(server, key);
      expect(cart.items).toHaveLength(1);
      expect(cart.items[0]).toMatchObject({ id: 60, quantity: { value: N + 1 } });
    }
  });

  it(`${N} parallel adds of ${N} distinct products, alternating between the processes, land as exactly ${N} lines`, async () => {
    expect(productIds).toHaveLength(N);
    for (const server of [a, b]) await eventually(() => lists(server, productIds), 15_000);
    const key = await startCart('10');
    const cleared = await fetch(`${a.url}/wp-json/cocart/v2/cart/clear`, { method: 'POST', headers: { 'cocart-api-cart-key': key } });
    expect(cleared.status).toBe(200);
    expect((await readCart(b, key)).items).toEqual([]);

    const results = await Promise.all(productIds.map((id, i) => addItem(node(i), key, id)));
    const statuses = await Promise.all(results.map(async (r) => (r.status === 200 ? 200 : `${r.status} ${await r.text()}`)));
    expect(statuses).toEqual(Array(N).fill(200));
    for (const server of [a, b]) {
      const cart = await readCart(server, key);
      expect(cart.items).toHaveLength(N);
      expect(cart.items.map((i: { id: number }) => i.id).sort((x: number, y: number) => x - y)).toEqual([...productIds].sort((x, y) => x - y));
      expect(cart.items.every((i: { quantity: { value: number } }) => i.quantity.value === 1)).toBe(true);
    }
  });
});
