import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../src/settings/schema.ts';
import { API, lines, shopperCall, type ShopperRequest } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';

describe.each(DATABASES)("a customer's cart (%s)", (kind) => {
  let app: FastifyInstance;
  let n = 0;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  /** A fresh customer for each test, so tests do not share carts. */
  async function customer(first = 'Ada'): Promise<string> {
    const login = `shopper${++n}`;
    await withUser(app, 'customer', login, { firstName: first });
    return login;
  }

  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, opts?: ShopperRequest) => shopperCall(app, method, path, opts);

  async function guestCart(items: [string, number][]): Promise<string> {
    let key = '';
    for (const [id, quantity] of items) key = (await call('POST', '/cart/add-item', { key, payload: { id, quantity } })).headers['cocart-api-cart-key'] as string;
    return key;
  }

  async function setStrategy(strategy: Settings['cart']['merge_strategy']) {
    const s = app.runtime.settings.get();
    await app.runtime.settings.save({ ...s, cart: { ...s.cart, merge_strategy: strategy } });
  }

  it('is found by the credentials alone, starts with the account details, and is refused to anyone holding only its key', async () => {
    const ada = await customer('Ada');
    const add = await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
    expect(add.statusCode).toBe(200);
    const key = add.headers['cocart-api-cart-key'] as string;
    expect(add.json().customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_email: `${ada}@example.org` });

    const again = await call('GET', '/cart', { login: ada });
    expect(again.json().cart_key).toBe(key);
    expect(lines(again.json())).toEqual([[10, 1]]);

    for (const attempt of [call('GET', '/cart', { key }), call('POST', '/cart/add-item', { key, payload: { id: '45' } })]) {
      const r = await attempt;
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('cocart_cart_needs_authenticating');
    }
    const other = await customer('Grace');
    const stolen = await call('GET', '/cart', { login: other, key });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().code).toBe('cocart_cart_needs_authenticating');
    expect(lines((await call('GET', '/cart', { login: ada })).json())).toEqual([[10, 1]]);
  });

  it('takes over the guest cart at login when the customer has none (same key)', async () => {
    const ada = await customer();
    const key = await guestCart([['45', 2]]);
    const r = await call('GET', '/cart', { login: ada, key });
    expect(r.statusCode).toBe(200);
    expect(r.json().cart_key).toBe(key);
    expect(lines(r.json())).toEqual([[45, 2]]);
    expect((await call('GET', '/cart', { key })).statusCode).toBe(403);
  });

  it.each([
    ['merge', [[10, 1], [45, 5], [57, 1]]],
    ['guest-replaces', [[45, 5], [57, 1]]],
    ['keep-customer', [[10, 1], [45, 2]]],
  ] as const)('merges a guest cart into an existing one by the store strategy: %s', async (strategy, expected) => {
    await setStrategy(strategy);
    try {
      const ada = await customer();
      await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
      const own = await call('POST', '/cart/add-item', { login: ada, payload: { id: '45', quantity: 2 } });
      const ownKey = own.json().cart_key;
      const guestKey = await guestCart([['45', 5], ['57', 1]]);

      const merged = await call('GET', '/cart', { login: ada, key: guestKey });
      expect(merged.statusCode).toBe(200);
      expect(merged.json().cart_key).toBe(ownKey);
      expect(lines(merged.json()).sort()).toEqual([...expected].sort());
      // The guest cart was merged once: its key now stands for the customer's cart, which a guest may not use.
      const handedOver = await call('GET', '/cart', { key: guestKey });
      expect(handedOver.statusCode).toBe(403);
      expect(handedOver.json().code).toBe('cocart_cart_needs_authenticating');
      const again = await call('GET', '/cart', { login: ada, key: guestKey });
      expect(lines(again.json()).sort()).toEqual([...expected].sort());
    } finally {
      await setStrategy('merge');
    }
  });

  it('a merge racing with add-items loses neither: what the store accepted is in the customer cart, what came too late is refused', async () => {
    for (let round = 0; round < 6; round++) {
      const ada = await customer();
      await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
      const guestKey = await guestCart([['57', 1]]);
      const [login, guestAdd, ownAdd] = await Promise.all([
        call('GET', '/cart', { login: ada, key: guestKey }),
        call('POST', '/cart/add-item', { key: guestKey, payload: { id: '45' } }),
        call('POST', '/cart/add-item', { login: ada, key: guestKey, payload: { id: '41' } }),
      ]);
      expect(login.statusCode).toBe(200);
      expect(ownAdd.statusCode).toBe(200);
      const final = lines((await call('GET', '/cart', { login: ada })).json());
      expect(final).toEqual(expect.arrayContaining([[10, 1], [57, 1], [41, 1]]));
      if (guestAdd.statusCode === 200) {
        // It landed in the guest cart before the merge, never in a new cart nobody would see.
        expect(guestAdd.json().cart_key).toBe(guestKey);
        expect(final).toContainEqual([45, 1]);
      } else {
        expect(guestAdd.statusCode).toBe(403);
        expect(guestAdd.json().code).toBe('cocart_cart_needs_authenticating');
        expect(final.map(([id]) => id)).not.toContain(45);
      }
    }
  });

  it("keeps the customer's own details and fills blanks from what the guest entered", async () => {
    const ada = await customer('Ada');
    await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
    const guestKey = await guestCart([['45', 1]]);
    await call('POST', '/cart/update?namespace=update-customer', { key: guestKey, payload: { first_name: 'Guesty', city: 'Bristol', country: 'GB' } });
    const merged = (await call('GET', '/cart', { login: ada, key: guestKey })).json();
    expect(merged.customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_city: 'Bristol', billing_country: 'GB' });
  });

  it('a plugin can decide the merge through cartwright_merge_carts', async () => {
    const off = app.runtime.hooks.addFilter('cartwright_merge_carts', (merged, guest) => ({ ...merged, lines: guest.lines.slice(0, 1) }));
    try {
      const ada = await customer();
      await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
      const guestKey = await guestCart([['57', 1], ['58', 1]]);
      expect(lines((await call('GET', '/cart', { login: ada, key: guestKey })).json())).toEqual([[57, 1]]);
    } finally {
      off();
    }
  });

  it('logging out keeps the cart, and a logged-in customer cannot create a second cart', async () => {
    const ada = await customer();
    await call('POST', '/cart/add-item', { login: ada, payload: { id: '10' } });
    expect((await call('POST', '/logout', { login: ada })).json()).toBe(true);
    expect(lines((await call('GET', '/cart', { login: ada })).json())).toEqual([[10, 1]]);
    const create = await call('POST', '/cart', { login: ada });
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('cocart_rest_cart_creation_not_allowed');
  });
});

describe.each(DATABASES)('staff acting for a customer (%s)', (kind) => {
  let app: FastifyInstance;
  let customerId = 0;
  beforeAll(async () => {
    app = await createTestApp(kind);
    customerId = (await withUser(app, 'customer', 'ada', { firstName: 'Ada' })).id;
    await withUser(app, 'customer', 'grace');
    await withUser(app, 'shop_manager', 'manager', { firstName: 'Mo' });
  });
  afterAll(() => app.close());

  const as = (login: string, headers: Record<string, string> = {}) => ({ authorization: basicAuth(login), ...headers });

  it("lets a shop manager work on a customer's cart with CoCart-API-Customer, echoed back", async () => {
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: as('manager', { 'cocart-api-customer': String(customerId) }), payload: { id: '10', quantity: 2 } });
    expect(add.statusCode).toBe(200);
    expect(add.headers['cocart-api-customer']).toBe(String(customerId));
    // The cart is the customer's own, and starts with the customer's details, not the manager's.
    expect(add.json().customer.billing_address.billing_first_name).toBe('Ada');
    const mine = await app.inject({ url: `${API}/cart`, headers: as('ada') });
    expect(mine.json().items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([[10, 2]]);
    expect(mine.json().cart_key).toBe(add.json().cart_key);
    // The manager's own cart is untouched.
    expect((await app.inject({ url: `${API}/cart`, headers: as('manager') })).json().items).toEqual([]);
  });

  it('refuses the header from anyone but staff, and for someone who is not a customer', async () => {
    const customer = await app.inject({ url: `${API}/cart`, headers: as('grace', { 'cocart-api-customer': String(customerId) }) });
    expect([customer.statusCode, customer.json().code]).toEqual([403, 'cocart_rest_permission_denied']);
    const guest = await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-customer': String(customerId) } });
    expect(guest.statusCode).toBe(401);
    const nobody = await app.inject({ url: `${API}/cart`, headers: as('manager', { 'cocart-api-customer': '999999' }) });
    expect([nobody.statusCode, nobody.json().code]).toEqual([404, 'cocart_customer_invalid']);
  });
});
