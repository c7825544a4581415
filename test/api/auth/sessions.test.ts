import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { authHeaders, withStaff } from '../../helpers/auth.ts';

const TOKEN = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe.each(DATABASES)('Sessions API (%s)', (kind) => {
  let app: FastifyInstance;
  const keys: string[] = [];
  let users: Awaited<ReturnType<typeof withStaff>>;

  beforeAll(async () => {
    app = await createTestApp(kind);
    users = await withStaff(app);
  });
  afterAll(() => app.close());

  const call = (method: 'GET' | 'DELETE', path: string, login?: string, headers: Record<string, string> = {}) =>
    app.inject({ method, url: `${API}${path}`, headers: { ...authHeaders(login), ...headers } });

  it('has no carts to list before any cart exists', async () => {
    const r = await call('GET', '/sessions', 'admin');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('cocart_no_carts_in_session');
  });

  it('is for administrators and shop managers: 401 for guests, 403 for customers', async () => {
    for (let i = 0; i < 3; i++) {
      const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: ['10', '45', '57'][i], quantity: i + 1 } });
      keys.push(add.headers['cocart-api-cart-key'] as string);
    }
    await app.inject({ method: 'POST', url: `${API}/cart/update?namespace=update-customer`, headers: { 'cocart-api-cart-key': keys[0] }, payload: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' } });
    const guest = await call('GET', '/sessions');
    expect([guest.statusCode, guest.json().code]).toEqual([401, 'cocart_rest_cannot_view']);
    const customer = await call('GET', '/sessions', 'ada');
    expect([customer.statusCode, customer.json().code]).toEqual([403, 'cocart_rest_cannot_view']);
    for (const staff of ['admin', 'manager']) expect((await call('GET', '/sessions', staff)).statusCode).toBe(200);
  });

  it('lists carts with paging, ordering, headers and the B shape', async () => {
    const r = await call('GET', '/sessions?per_page=2&orderby=cart_id&order=ASC', 'manager');
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-wp-total']).toBe('3');
    expect(r.headers['x-wp-totalpages']).toBe('2');
    const body = r.json();
    expect(body).toMatchObject({ page: 1, total_pages: 2, total_sessions: 3 });
    expect(body.next).toMatch(/\/wp-json\/cocart\/v2\/sessions\?.*page=2/);
    expect(body.prev).toBeUndefined();
    expect(body.sessions.map((s: { cart_key: string }) => s.cart_key)).toEqual(keys.slice(0, 2));
    expect(body.sessions[0]).toEqual({
      cart_id: expect.stringMatching(/^\d+$/),
      cart_key: keys[0],
      customers_name: 'Ada Lovelace',
      customers_email: 'ada@example.org',
      cart_created: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/),
      cart_expiry: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/),
      cart_source: 'cocart',
      link: expect.stringContaining(`/wp-json/cocart/v2/session/${keys[0]}`),
    });
    const last = (await call('GET', '/sessions?per_page=2&page=2&orderby=cart_id&order=ASC', 'manager')).json();
    expect(last.sessions.map((s: { cart_key: string }) => s.cart_key)).toEqual([keys[2]]);
    expect(last.prev).toMatch(/page=1/);
    const desc = (await call('GET', '/sessions?orderby=cart_id&order=DESC', 'manager')).json();
    expect(desc.sessions.map((s: { cart_key: string }) => s.cart_key)).toEqual([...keys].reverse());
    const bad = await call('GET', '/sessions?orderby=cart_value', 'manager');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'rest_invalid_param']);
  });

  it("searches carts by part of the key, the customer's name or e-mail, or an item's name", async () => {
    const found = async (term: string) => {
      const r = await call('GET', `/sessions?orderby=cart_id&order=ASC&search=${encodeURIComponent(term)}`, 'manager');
      return r.statusCode === 404 ? r.json().code : r.json().sessions.map((s: { cart_key: string }) => s.cart_key);
    };
    expect(await found('LOVELACE')).toEqual([keys[0]]);
    expect(await found('ada@example')).toEqual([keys[0]]);
    expect(await found(keys[2].slice(3, 12))).toEqual([keys[2]]);
    // A cart stores its items by ID: the term finds the carts holding products named with it.
    expect(await found('emergency whistle')).toEqual([keys[1]]);
    expect(await found('Snap Shackle')).toEqual([keys[0]]);
    // LIKE's wildcards are taken literally; nothing matching is the API's "no carts".
    expect(await found('100%')).toBe('cocart_no_carts_in_session');
    expect(await found('nobody')).toBe('cocart_no_carts_in_session');
  });

  it("lists a customer's own carts (Cartwright's `customer`), not the guest carts naming them", async () => {
    const own = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: authHeaders('ada'), payload: { id: '10', quantity: 1 } });
    expect(own.statusCode).toBe(200);
    const r = await call('GET', `/sessions?customer=${users.ada.id}`, 'manager');
    expect(r.json().sessions.map((s: { cart_key: string }) => s.cart_key)).toEqual([own.headers['cocart-api-cart-key']]);
    expect(r.json().sessions[0].cart_key).not.toBe(keys[0]);
    expect((await call('GET', `/sessions?customer=${users.manager.id}`, 'manager')).json().code).toBe('cocart_no_carts_in_session');
    expect((await call('GET', '/sessions?customer=abc', 'manager')).json().code).toBe('rest_invalid_param');
  });

  it("shows one cart with the Cart API's shapes, without extending its life", async () => {
    const before = (await app.runtime.sessions.inspect(keys[1]))!.expiry;
    const r = await call('GET', `/session/${keys[1]}`, 'admin');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    // The Cart API's key order (docs/wire-contract.md#cart-object), as the Sessions API mirrors the cart's shapes.
    expect(Object.keys(body)).toEqual(['cart_key', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'needs_payment', 'fees', 'totals', 'removed_items']);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(body.items[0]).toMatchObject({ id: 45, quantity: { value: 2 }, price: expect.any(Number) });
    expect(Object.keys(body.totals)).toHaveLength(10);
    expect((await app.runtime.sessions.inspect(keys[1]))!.expiry).toBe(before);
    const formatted = (await call('GET', `/session/${keys[1]}?prices=formatted`, 'admin')).json();
    expect(formatted.totals.total).toMatch(/^£/);
    const items = await call('GET', `/session/${keys[1]}/items`, 'admin');
    expect(items.json().map((i: { id: number }) => i.id)).toEqual([45]);
    const missing = await call('GET', '/session/nope', 'admin');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'cocart_cart_in_session_not_valid']);
  });

  it("answers Starter v5's sessions/{id} and sessions/{id}/items as session/{key}", async () => {
    for (const path of ['', '/items', '?response=digital&prices=formatted']) {
      const old = await call('GET', `/session/${keys[1]}${path}`, 'manager');
      const v5 = await call('GET', `/sessions/${keys[1]}${path}`, 'manager');
      expect([path, v5.statusCode]).toEqual([path, 200]);
      expect(v5.json()).toEqual(old.json());
    }
    for (const [login, status] of [[undefined, 401], ['ada', 403]] as const) {
      expect((await call('GET', `/sessions/${keys[1]}`, login)).statusCode).toBe(status);
      expect((await call('GET', `/sessions/${keys[1]}/items`, login)).statusCode).toBe(status);
    }
    const missing = await call('GET', '/sessions/nope', 'admin');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'cocart_cart_in_session_not_valid']);
    const bad = await call('GET', '/sessions/not-a-key', 'admin');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'rest_invalid_param']);
  });

  it('deletes a cart in session by Starter v5’s path too', async () => {
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10' } });
    const key = add.headers['cocart-api-cart-key'] as string;
    expect((await call('DELETE', `/sessions/${key}`, 'ada')).statusCode).toBe(403);
    const r = await call('DELETE', `/sessions/${key}`, 'manager');
    expect([r.statusCode, r.json()]).toEqual([200, 'Session has been deleted.']);
    expect(await app.runtime.sessions.inspect(key)).toBeNull();
    const again = await call('DELETE', `/sessions/${key}`, 'manager');
    expect([again.statusCode, again.json().code]).toEqual([404, 'cocart_session_not_valid']);
  });

  it("shows, with Cartwright's `response=full`, the chosen shipping, each item's data and the notices waiting, and clears none", async () => {
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item?fields=items`, payload: { id: '10', quantity: 1, item_data: { engraving: 'Ahoy' } } });
    const key = add.headers['cocart-api-cart-key'] as string;
    await app.inject({ method: 'POST', url: `${API}/cart/update?namespace=update-customer&fields=items`, headers: { 'cocart-api-cart-key': key }, payload: { country: 'GB', postcode: 'PL1 1AA' } });
    const full = async () => (await call('GET', `/session/${key}?response=full&prices=formatted`, 'manager')).json();
    const body = await full();
    expect(body.items[0].cart_item_data).toEqual({ engraving: 'Ahoy' });
    expect(body.shipping.packages.default.chosen_method).toMatch(/^flat_rate:\d+$/);
    expect(body.shipping.packages.default.rates[body.shipping.packages.default.chosen_method]).toMatchObject({ chosen_method: true, label: 'Flat rate' });
    expect(body.notices.success).toEqual(['"Stainless Steel Snap Shackle" has been added to your cart.', 'Cart updated.']);
    expect((await full()).notices.success).toHaveLength(2);
    // The default shape stays CoCart's.
    expect(Object.keys((await call('GET', `/session/${key}`, 'manager')).json())).not.toContain('shipping');
  });

  it('deletes a cart in session', async () => {
    const r = await call('DELETE', `/session/${keys[2]}`, 'admin');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toBe('Session has been deleted.');
    expect(await app.runtime.sessions.inspect(keys[2])).toBeNull();
    const again = await call('DELETE', `/session/${keys[2]}`, 'admin');
    expect([again.statusCode, again.json().code]).toEqual([404, 'cocart_session_not_valid']);
    const byCustomer = await call('DELETE', `/session/${keys[1]}`, 'ada');
    expect(byCustomer.statusCode).toBe(403);
    expect(await app.runtime.sessions.inspect(keys[1])).not.toBeNull();
  });

  it('with an access token required, checks it first, and never lets it stand in for the role', async () => {
    const s = app.runtime.settings.get();
    await app.runtime.settings.save({ ...s, general: { ...s.general, require_access_token: true, access_token: TOKEN } });
    try {
      const none = await call('GET', '/sessions', 'admin');
      expect([none.statusCode, none.json().code]).toEqual([403, 'cocart_rest_invalid_token']);
      const wrong = await call('GET', '/sessions', 'admin', { 'x-cocart-access-token': '3f2504e0-4f89-41d3-9a0c-0305e82c3302' });
      expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'cocart_rest_permission_denied']);
      const tokenOnly = await call('GET', '/sessions', undefined, { 'x-cocart-access-token': TOKEN });
      expect([tokenOnly.statusCode, tokenOnly.json().code]).toEqual([401, 'cocart_rest_cannot_view']);
      const customer = await call('GET', '/sessions', 'ada', { 'x-cocart-access-token': TOKEN });
      expect([customer.statusCode, customer.json().code]).toEqual([403, 'cocart_rest_cannot_view']);
      expect((await call('GET', '/sessions', 'admin', { 'x-cocart-access-token': TOKEN })).statusCode).toBe(200);
    } finally {
      await app.runtime.settings.save(s);
    }
  });
});
