import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';

/** Hostile values for any parameter. */
const WEIRD: unknown[] = [
  null, true, 1e308, -1, 1.5, '', ' ', 'abc', '1e400', '0x10', [], [1, 2], {}, { a: { b: { c: 1 } } },
  'x'.repeat(10000), '\u0000', '💥', '../../etc/passwd', '<script>', '9007199254740993',
];

/** Every bad input gets a 4xx JSON answer in CoCart's shape, never a 5xx, and nothing stored is lost. */
describe.each(DATABASES)('bad input (%s)', (kind) => {
  let app: FastifyInstance;
  let key = '';
  let itemKey = '';
  beforeAll(async () => {
    app = await createTestApp(kind);
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10', quantity: 3 } });
    key = add.headers['cocart-api-cart-key'] as string;
    itemKey = add.json().items[0].item_key;
  });
  afterAll(() => app.close());

  it('never answers 5xx or anything but JSON, whatever the parameters hold, and the cart survives', async () => {
    const routes: [string, string, string[]][] = [
      ['POST', '/cart/add-item', ['id', 'quantity', 'variation', 'item_data', 'email', 'phone', 'price', 'return_item', 'fields', 'config']],
      ['POST', '/cart/add-items', ['id', 'quantity', 'return_items']],
      ['POST', `/cart/item/${itemKey}`, ['quantity', 'return_status']],
      ['POST', '/cart/update?namespace=update-customer', ['email', 'country', 'postcode', 'state', 'phone', 'ship_to_different_address']],
      ['POST', '/cart/update?namespace=update-cart', ['quantity']],
      ['POST', '/cart/update', ['namespace', 'data']],
      ['GET', '/cart', ['fields', 'config', 'thumb', 'cart_key']],
      ['GET', '/products', ['page', 'per_page', 'category', 'attributes', 'min_price', 'orderby', 'include', 'after', 'rating', 'offset']],
      ['GET', '/products/reviews', ['page', 'product', 'after', 'orderby']],
      ['POST', '/products/reviews', ['product_id', 'review', 'reviewer_email', 'rating']],
    ];
    const bad: string[] = [];
    for (const [method, path, params] of routes) {
      for (const param of params) {
        for (const value of WEIRD) {
          const r =
            method === 'GET'
              ? await app.inject({ url: `${API}${path}?${new URLSearchParams({ [param]: typeof value === 'object' ? JSON.stringify(value) : String(value) })}`, headers: { 'cocart-api-cart-key': key } })
              : await app.inject({ method: 'POST', url: `${API}${path}`, headers: { 'cocart-api-cart-key': key }, payload: { [param]: value } });
          if (r.statusCode >= 500 || !String(r.headers['content-type']).includes('application/json')) bad.push(`${method} ${path} ${param}=${JSON.stringify(value)?.slice(0, 30)}: ${r.statusCode}`);
        }
      }
    }
    expect(bad).toEqual([]);
    const cart = (await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } })).json();
    expect(cart.items.some((i: { id: number }) => i.id === 10)).toBe(true);
  });

  it('refuses numbers beyond any sane range: a huge page is 400, a huge quantity 400, over a million 405', async () => {
    const page = await app.inject({ url: `${API}/products/reviews?page=1e308` });
    expect([page.statusCode, page.json().code]).toEqual([400, 'rest_invalid_param']);
    const huge = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '60', quantity: 1e308 } });
    expect([huge.statusCode, huge.json().code]).toEqual([400, 'rest_invalid_param']);
    const tooMany = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '60', quantity: 1_000_001 } });
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([405, 'cocart_quantity_invalid_amount']);
    const update = await app.inject({ method: 'POST', url: `${API}/cart/item/${itemKey}`, headers: { 'cocart-api-cart-key': key }, payload: { quantity: 2_000_000 } });
    expect(update.statusCode).toBe(405);
    const bulk = await app.inject({ method: 'POST', url: `${API}/cart/update?namespace=update-cart`, headers: { 'cocart-api-cart-key': key }, payload: { quantity: { [itemKey]: '5000000' } } });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().notices.error[0]).toContain('cannot be more than 1000000');
    expect(bulk.json().items.find((i: { item_key: string }) => i.item_key === itemKey)).toBeDefined();
  });

  const expectCocartError = (r: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) => {
    expect(r.statusCode).toBe(status);
    expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
    expect(r.json()).toMatchObject({ code, data: { status } });
    expect(typeof r.json().message).toBe('string');
  };

  it('refuses a JSON body nested thousands of levels deep with 400, directly and inside a batch, and the cart survives', async () => {
    // Written as text: building it as an object would overflow the test's own JSON.stringify.
    const deep = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const json = { 'content-type': 'application/json', 'cocart-api-cart-key': key };
    const direct = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: json, payload: `{"id":"10","item_data":${deep}}` });
    expectCocartError(direct, 400, 'rest_invalid_json');
    const batch = await app.inject({
      method: 'POST',
      url: '/wp-json/cocart/batch',
      headers: json,
      payload: `{"requests":[{"path":"/cocart/v2/cart/add-item","body":{"id":"10","item_data":${deep}}}]}`,
    });
    expectCocartError(batch, 400, 'rest_invalid_json');
    // Just inside the limit is fine.
    let fine: unknown = 'x';
    for (let i = 0; i < 20; i++) fine = { a: fine };
    const ok = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { 'cocart-api-cart-key': key }, payload: { id: '10', item_data: { deep: fine } } });
    expect(ok.statusCode).toBe(200);
    const cart = await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } });
    expect(cart.json().items.find((i: { item_key: string }) => i.item_key === itemKey)).toBeDefined();
  });

  it('names no preset after what every object has: config[fields]=__proto__ is no preset', async () => {
    for (const preset of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const cart = await app.inject({ url: `${API}/cart?config[fields]=${preset}`, headers: { 'cocart-api-cart-key': key } });
      expect(cart.statusCode, preset).toBe(200);
      expect(cart.json().items).toBeDefined();
      const products = await app.inject({ url: `${API}/products?config[fields]=${preset}&per_page=1` });
      expect(products.statusCode, preset).toBe(200);
    }
  });

  it("answers the router's own refusals in CoCart's shape: a malformed percent-encoding, an over-long path parameter", async () => {
    expectCocartError(await app.inject({ url: `${API}/products/%E0%A4%A` }), 400, 'rest_invalid_request');
    expectCocartError(await app.inject({ url: `${API}/cart/item/${'a'.repeat(1000)}` }), 414, 'rest_invalid_request');
  });

  it('answers an OPTIONS request without Access-Control-Request-Method as WordPress does, not with a plain-text 400', async () => {
    const bare = await app.inject({ method: 'OPTIONS', url: `${API}/cart`, headers: { origin: 'https://shop.example' } });
    expect(bare.statusCode).toBe(204);
    expect(bare.headers['access-control-allow-origin']).toBe('https://shop.example');
    const preflight = await app.inject({ method: 'OPTIONS', url: `${API}/cart/add-item`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
  });
});
