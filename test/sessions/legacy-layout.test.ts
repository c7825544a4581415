import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, lines, shopperCall, type ShopperRequest } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { basicAuth, withUser } from '../helpers/auth.ts';

/**
 * Until the v4 session-layout upgrade has run, carts brought from CoCart 3.x keep its layout: a
 * customer's cart is keyed by their user ID and has no owner columns. The store works on them as
 * CoCart 3.x did (the legacy session handler).
 */
describe.each(DATABASES)('carts in the 3.x layout (%s)', (kind) => {
  let app: FastifyInstance;
  let n = 0;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const db = () => app.runtime.database.db;
  const call = (method: 'GET' | 'POST', path: string, opts?: ShopperRequest) => shopperCall(app, method, path, opts);

  async function customer(): Promise<{ login: string; id: number }> {
    const login = `legacy${++n}`;
    const user = await withUser(app, 'customer', login);
    return { login, id: user.id };
  }

  /** A cart made through the API, then turned into a 3.x row: keyed `key` (a user ID for a customer), no owner columns. */
  async function legacyCart(key: string, items: [string, number][]): Promise<void> {
    let made = '';
    for (const [id, quantity] of items) made = (await call('POST', '/cart/add-item', { key: made, payload: { id, quantity } })).headers['cocart-api-cart-key'] as string;
    await db().updateTable('carts').set({ cart_key: key, layout: 3 }).where('cart_key', '=', made).execute();
  }

  it("a customer's 3.x cart (keyed by their user ID) is theirs: found by their credentials, written in place, refused to guests", async () => {
    const ada = await customer();
    await legacyCart(String(ada.id), [['60', 2]]);
    const read = await call('GET', '/cart', { login: ada.login });
    expect(read.statusCode).toBe(200);
    expect(read.json().cart_key).toBe(String(ada.id));
    expect(lines(read.json())).toEqual([[60, 2]]);
    const added = await call('POST', '/cart/add-item', { login: ada.login, payload: { id: '30' } });
    expect(lines(added.json())).toEqual([[60, 2], [30, 1]]);
    const rows = await db().selectFrom('carts').select(['cart_key', 'layout', 'customer_id']).where('cart_key', '=', String(ada.id)).execute();
    expect(rows).toEqual([{ cart_key: String(ada.id), layout: 3, customer_id: null }]);
    const guest = await call('GET', '/cart', { key: String(ada.id) });
    expect(guest.statusCode).toBe(403);
    expect(guest.json().code).toBe('cocart_cart_needs_authenticating');
  });

  it('a 3.x guest cart works by its key as before', async () => {
    const key = 'a'.repeat(32);
    await legacyCart(key, [['61', 1]]);
    const added = await call('POST', '/cart/add-item', { key, payload: { id: '61' } });
    expect(added.statusCode).toBe(200);
    expect(added.json().cart_key).toBe(key);
    expect(lines(added.json())).toEqual([[61, 2]]);
  });

  it("logging in with a guest cart merges it into the customer's 3.x cart, not into a second cart", async () => {
    const bo = await customer();
    await legacyCart(String(bo.id), [['60', 1]]);
    const guest = (await call('POST', '/cart/add-item', { payload: { id: '30' } })).headers['cocart-api-cart-key'] as string;
    const merged = await call('GET', '/cart', { login: bo.login, key: guest });
    expect(merged.json().cart_key).toBe(String(bo.id));
    expect(lines(merged.json()).sort()).toEqual([[30, 1], [60, 1]]);
    const owned = await db().selectFrom('carts').select('cart_key').where('customer_id', '=', bo.id).execute();
    expect(owned).toEqual([]);
  });

  it('after the upgrade moved a cart to a random key, its old 3.x key still finds it', async () => {
    const cy = await customer();
    await legacyCart(String(cy.id), [['60', 3]]);
    await db()
      .updateTable('carts')
      .set({ cart_key: 'b'.repeat(30), legacy_key: String(cy.id), user_id: cy.id, customer_id: cy.id, layout: 4 })
      .where('cart_key', '=', String(cy.id))
      .execute();
    const byOldKey = await call('POST', '/cart/add-item', { login: cy.login, key: String(cy.id), payload: { id: '60' } });
    expect(byOldKey.json().cart_key).toBe('b'.repeat(30));
    expect(lines(byOldKey.json())).toEqual([[60, 4]]);
    expect(await app.runtime.sessions.find(String(cy.id))).toMatchObject({ key: 'b'.repeat(30), customerId: cy.id });
    expect((await call('GET', '/cart', { key: String(cy.id) })).statusCode).toBe(403);
  });
});

describe.each(DATABASES)('the v4 session-layout upgrade routine (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const db = () => app.runtime.database.db;

  it('gives 3.x customer carts their owner and a random key, keeps guests, and never reverts a write made meanwhile', async () => {
    const { v4SessionLayout } = await import('../../src/jobs/upgrades/v4-session-layout.ts');
    const customers = [];
    for (let i = 0; i < 12; i++) {
      customers.push(await withUser(app, 'customer', `up${i}`));
    }
    // A template cart value, from a real cart.
    const made = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '60' } });
    const template = (await app.runtime.sessions.find(made.headers['cocart-api-cart-key'] as string))!;
    const now = Math.floor(Date.now() / 1000);
    const row = (key: string) => ({ cart_key: key, cart_value: JSON.stringify(template.cart), cart_created: now, cart_expiry: now + 86400, cart_source: 'cocart', cart_hash: '', layout: 3, revision: 1 });
    await db().insertInto('carts').values([...customers.map((c) => row(String(c.id))), ...Array.from({ length: 10 }, (_, i) => row(`guest${i}`.padEnd(32, 'f')))]).execute();
    expect(await v4SessionLayout.remaining(db())).toBe(22);

    // Shoppers keep adding while the upgrade runs in small batches.
    const writes = customers.map((c) =>
      app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { authorization: basicAuth(c.username) }, payload: { id: '30' } }),
    );
    let batches = 0;
    while ((await v4SessionLayout.remaining(db())) > 0 && batches < 100) {
      await v4SessionLayout.runBatch(db(), 3);
      batches++;
    }
    expect((await Promise.all(writes)).map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    expect(await v4SessionLayout.remaining(db())).toBe(0);

    for (const c of customers) {
      const cart = await app.runtime.sessions.find(String(c.id));
      expect(cart, `customer ${c.id}`).toMatchObject({ customerId: c.id, userId: c.id });
      expect(cart!.key).toMatch(/^[0-9a-f]{30}$/);
      expect(cart!.cart.lines.map((l) => [l.productId, l.quantity])).toEqual([[60, 1], [30, 1]]);
    }
    const guests = await db().selectFrom('carts').select(['cart_key', 'layout', 'customer_id']).where('cart_key', 'like', 'guest%').execute();
    expect(guests).toHaveLength(10);
    expect(guests.every((g) => g.layout === 4 && g.customer_id === null)).toBe(true);
  });
});
