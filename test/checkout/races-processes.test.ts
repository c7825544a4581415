import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshPostgresDatabase } from '../helpers/app.ts';
import { basicAuth, PASSWORD } from '../helpers/auth.ts';
import { eventually, runCli, startServer, tempDataDir } from '../helpers/cli.ts';

/**
 * Shoppers racing at checkout, through two real `cartwright serve` processes on one PostgreSQL
 * database, their requests split between the processes as a load balancer would: the last units go
 * to exactly as many orders as there are units, never below zero, and a coupon limited to one use is
 * used once. (Needs `npm run build`; runs where DATABASE_URL is set.)
 */
type Server = Awaited<ReturnType<typeof startServer>>;
const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB' };
const ADMIN = basicAuth('admin');

describe.runIf(!!process.env.DATABASE_URL)('checkout races across two server processes (postgres)', { timeout: 180_000 }, () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let a: Server;
  let b: Server;
  const env = () => ({ DATABASE_URL: db.url, DATA_DIR: tempDataDir(), PLUGINS: 'test/fixtures/plugins/always-pay.mjs' });

  beforeAll(async () => {
    db = await freshPostgresDatabase('cw_races');
    a = await startServer({ ...env(), SEED_DEMO: 'true' });
    b = await startServer({ ...env(), SEED_DEMO: 'false' });
    const user = await runCli(['user', 'create', '--role', 'administrator', '--username', 'admin', '--email', 'admin@example.org', '--password', PASSWORD, '--json'], env());
    expect(user.code, user.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  const node = (i: number) => (i % 2 === 0 ? a : b);
  const json = (server: Server, method: string, path: string, body?: object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/wp-json${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body ? JSON.stringify(body) : undefined });
  const query = async <T>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };
  /** A guest cart of one unit of `id`, made on `server`. */
  const cartOn = async (server: Server, id: number) => {
    const r = await json(server, 'POST', '/cocart/v2/cart/add-item', { id: String(id), quantity: 1 });
    expect(r.status, await r.clone().text()).toBe(200);
    return r.headers.get('cocart-api-cart-key')!;
  };
  const checkout = (server: Server, key: string, i: number) =>
    json(server, 'POST', '/cocart/v2/checkout', { billing_address: { ...BILLING, email: `shopper${i}@example.org` }, payment_method: 'alwayspay' }, { 'cocart-api-cart-key': key });
  /** Stock as both processes' catalogues see it, once both have reloaded. */
  const stockSeenBy = async (server: Server, id: number) => (await (await json(server, 'GET', `/cocart/v2/products/${id}`)).json()).stock?.stock_quantity;

  it('twelve shoppers, three units: exactly three orders, stock 0, never negative', async () => {
    const r = await json(a, 'PUT', '/wc/v3/products/45', { manage_stock: true, stock_quantity: 3, backorders: 'no' }, { authorization: ADMIN });
    expect(r.status, await r.text()).toBe(200);
    await eventually(async () => (await stockSeenBy(b, 45)) === 3);
    const keys = await Promise.all(Array.from({ length: 12 }, (_, i) => cartOn(node(i), 45)));
    const answers = await Promise.all(keys.map(async (key, i) => {
      const res = await checkout(node(i + 1), key, i);
      return { status: res.status, body: await res.json() };
    }));
    const placed = answers.filter((x) => x.status === 200);
    expect(placed).toHaveLength(3);
    for (const x of placed) expect(x.body.payment_result.payment_status).toBe('success');
    for (const x of answers.filter((y) => y.status !== 200)) {
      expect(x.status).toBe(400);
      expect(['cocart_product_out_of_stock', 'cocart_insufficient_stock']).toContain(x.body.code);
    }
    const [product] = await query<{ stock_quantity: number }>('select stock_quantity from products where id = 45');
    expect(Number(product.stock_quantity)).toBe(0);
    const orders = await query<{ n: string }>(`select count(*) as n from orders o join order_items i on i.order_id = o.id where i.type = 'line_item' and i.data like '%"productId":45,%'`);
    expect(Number(orders[0].n)).toBe(3);
    await eventually(async () => (await stockSeenBy(a, 45)) === 0 && (await stockSeenBy(b, 45)) === 0);
  });

  it('a coupon limited to one use, raced by six shoppers: one order has it', async () => {
    const coupons = await (await json(a, 'GET', '/wc/v3/coupons?code=save10', undefined, { authorization: ADMIN })).json();
    const set = await json(a, 'PUT', `/wc/v3/coupons/${coupons[0].id}`, { usage_limit: 1 }, { authorization: ADMIN });
    expect(set.status, await set.text()).toBe(200);
    const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => cartOn(node(i), 57)));
    for (const [i, key] of keys.entries()) {
      const applied = await json(node(i), 'POST', '/cocart/v2/cart/apply-coupon', { code: 'save10' }, { 'cocart-api-cart-key': key });
      expect(applied.status, await applied.text()).toBe(200);
    }
    const answers = await Promise.all(keys.map(async (key, i) => {
      const res = await checkout(node(i + 1), key, 100 + i);
      return { status: res.status, body: await res.json() };
    }));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(1);
    for (const x of answers.filter((y) => y.status !== 200)) {
      expect(x.status).toBe(400);
      expect(['cocart_coupon_usage_limit', 'cocart_invalid_coupon']).toContain(x.body.code);
    }
    const [coupon] = await query<{ usage_count: number; used_by: string }>(`select usage_count, used_by from coupons where code = 'save10'`);
    expect(coupon.usage_count).toBe(1);
    expect(JSON.parse(coupon.used_by)).toHaveLength(1);
    const withCoupon = await query<{ n: string }>(`select count(*) as n from order_items where type = 'coupon' and data like '%"code":"save10"%'`);
    expect(Number(withCoupon[0].n)).toBe(1);
  });
});
