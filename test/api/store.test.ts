import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../helpers/app.ts';

/** GET /wp-json/cocart/v2/store (docs/wire-contract.md#store-route). */

const STORE_KEYS = ['title', 'description', 'home_url', 'language', 'gmt_offset', 'timezone_string', 'store_address'];
const ROUTE_NAMES = [
  'cart', 'cart-add-item', 'cart-add-items', 'cart-item', 'cart-items', 'cart-items-count', 'cart-calculate', 'cart-clear',
  'cart-totals', 'cart-update', 'login', 'logout', 'products', 'products-attributes', 'products-categories',
  'products-reviews', 'products-tags', 'products-variations', 'products-variation', 'sessions', 'sessions-view-session',
  'sessions-view-items', 'sessions-delete-session', 'batch',
];

/** London's offset from UTC right now, in hours, as WordPress stores gmt_offset ("0" or "1"). */
function londonOffset(): string {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '0' : name.replace('GMT', '').replace('+', '');
}

describe.each(DATABASES)('GET /store (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  it('returns the store facts and nothing else', async () => {
    const res = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store', headers: { host: 'shop.example.test' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(STORE_KEYS);
    expect(body).toEqual({
      title: 'Cartwright Demo Store',
      description: 'A headless shop served by Cartwright',
      home_url: 'http://shop.example.test',
      language: 'en-GB',
      gmt_offset: londonOffset(),
      timezone_string: 'Europe/London',
      store_address: { address: '1 Quay Street', address_2: '', city: 'Bristol', country: 'GB', postcode: 'BS1 4XX' },
    });
    expect(typeof body.gmt_offset).toBe('string');
  });

  it('has no version, versions, routes or _links without debug mode', async () => {
    const body = (await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store' })).json();
    for (const key of ['version', 'versions', 'routes', '_links']) expect(body, key).not.toHaveProperty(key);
  });

  it('must be revalidated: Cache-Control no-store, no-cache, must-revalidate, max-age=0', async () => {
    const res = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store' });
    expect(res.headers['cache-control']).toBe('no-store, no-cache, must-revalidate, max-age=0');
    expect(res.headers.pragma).toBe('no-cache');
    expect(Date.parse(String(res.headers.expires))).toBeLessThan(Date.now());
  });

  it('takes the front-end URL setting as home_url', async () => {
    const settings = app.runtime.settings.get();
    await app.runtime.settings.save({ ...settings, general: { ...settings.general, frontend_url: 'https://www.harbour.example/' } });
    try {
      const body = (await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store' })).json();
      expect(body.home_url).toBe('https://www.harbour.example');
    } finally {
      await app.runtime.settings.save(settings);
    }
  });
});

describe.each(DATABASES)('GET /store in debug mode (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind, { env: { DEBUG: 'true' } });
  });
  afterAll(() => app.close());

  it('is prefixed with version, versions and routes and ends with _links.help', async () => {
    const res = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store', headers: { host: 'api.example.test' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['version', 'versions', 'routes', ...STORE_KEYS, '_links']);
    expect(body.version).toBe(res.headers['cocart-version']);
    expect(body.versions).toEqual({ core: body.version });
    expect(body.title).toBe('Cartwright Demo Store');
    expect(body._links).toEqual({ help: [{ href: 'http://api.example.test/docs' }] });
  });

  it('lists every route as an absolute URL, batch included', async () => {
    const body = (await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store', headers: { host: 'api.example.test' } })).json();
    expect(Object.keys(body.routes)).toEqual(ROUTE_NAMES);
    const root = 'http://api.example.test/wp-json/';
    for (const [name, url] of Object.entries(body.routes)) expect(String(url).startsWith(root), name).toBe(true);
    expect(body.routes).toMatchObject({
      cart: `${root}cocart/v2/cart`,
      'cart-item': `${root}cocart/v2/cart/item/{item_key}`,
      products: `${root}cocart/v2/products`,
      'products-variation': `${root}cocart/v2/products/{product_id}/variations/{id}`,
      'sessions-view-session': `${root}cocart/v2/session/{session_key}`,
      batch: `${root}cocart/batch`,
    });
  });

  it('the advertised products routes answer', async () => {
    const body = (await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/store' })).json();
    for (const name of ['products', 'products-attributes', 'products-categories', 'products-reviews', 'products-tags']) {
      const url = new URL(body.routes[name]);
      const res = await app.inject({ method: 'GET', url: url.pathname });
      expect(res.statusCode, name).toBe(200);
    }
    const help = new URL(body._links.help[0].href);
    expect((await app.inject({ method: 'GET', url: help.pathname })).statusCode).toBe(200);
  });
});
