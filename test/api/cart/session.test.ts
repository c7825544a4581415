import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, newCart, ok } from './helpers.ts';

/**
 * Cart identity and sessions (docs/wire-contract.md, #cart-keys to #acting-for-a-customer, and #notices):
 * who gets which cart, key precedence, the key and expiry headers, ETags, notices and expiry.
 */

const KEY = /^[0-9a-f]{30}$/;
const WEEK = 7 * 86400;

describe.each(DATABASES)('cart sessions (%s)', (kind) => {
  let app: FastifyInstance;
  /** The app's clock, unix seconds; tests move it. */
  let t = 1_900_000_000;

  beforeAll(async () => {
    app = await createTestApp(kind, { now: () => t });
  });
  afterAll(() => app.close());

  describe('a shopper without a key', () => {
    it('GET /cart gives an empty cart with cart_key "" and no key or expiry headers', async () => {
      const r = await getCart(app);
      const cart = ok(r);
      expect(cart).toMatchObject({ cart_hash: '', cart_key: '', items: [], item_count: 0, removed_items: [], notices: [] });
      expect(r.res.headers['cocart-api-cart-key']).toBeUndefined();
      expect(r.res.headers['cocart-api-cart-expiring']).toBeUndefined();
      expect(r.res.headers['cocart-api-cart-expiration']).toBeUndefined();
    });

    it('the first add-item issues a new 30-hex key in the header and the body, with expiry headers', async () => {
      const r = await addItem(app, { id: '10', quantity: '1' });
      const cart = ok(r);
      expect(r.key).toMatch(KEY);
      expect(cart.cart_key).toBe(r.key);
      const expiration = Number(r.res.headers['cocart-api-cart-expiration']);
      const expiring = Number(r.res.headers['cocart-api-cart-expiring']);
      expect(expiration).toBe(t + WEEK);
      expect(expiring).toBe(expiration - 86400);
    });

    it('two shoppers without keys get two different carts', async () => {
      const a = await newCart(app);
      const b = await newCart(app);
      expect(a.key).not.toBe(b.key);
    });

    it('a failed write without a key creates no cart and sends no key', async () => {
      const r = await addItem(app, { id: '36' });
      expectError(r, 404, 'cocart_product_out_of_stock');
      expect(r.key).toBeUndefined();
    });
  });

  describe('key sources and precedence', () => {
    it('the key in the header selects the cart and is echoed in header and body', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const r = await getCart(app, key);
      const cart = ok(r);
      expect(r.key).toBe(key);
      expect(cart.cart_key).toBe(key);
      expect(cart.item_count).toBe(2);
    });

    it('?cart_key= selects the cart', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const r = await getCart(app, undefined, `?cart_key=${key}`);
      expect(ok(r).cart_key).toBe(key);
      expect(r.key).toBe(key);
    });

    it('the header wins over ?cart_key=', async () => {
      const a = await newCart(app, { id: '10', quantity: '1' });
      const b = await newCart(app, { id: '29', quantity: '1' });
      const cart = ok(await getCart(app, a.key, `?cart_key=${b.key}`));
      expect(cart.cart_key).toBe(a.key);
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([10]);
    });

    it('a key in a form body selects the cart on a write', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '1' });
      const r = await call(app, { method: 'POST', url: '/cart/add-item', form: { id: '29', quantity: '1', cart_key: key } });
      const cart = ok(r);
      expect(r.key).toBe(key);
      expect(cart.cart_key).toBe(key);
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([10, 29]);
    });

    it('a key in a JSON body is ignored: the write starts a new cart and the old one is untouched', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '1' });
      const r = await addItem(app, { id: '29', quantity: '1', cart_key: key });
      const cart = ok(r);
      expect(r.key).toMatch(KEY);
      expect(r.key).not.toBe(key);
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29]);
      expect(ok(await getCart(app, key)).items.map((i: { id: number }) => i.id)).toEqual([10]);
    });

    it('keys are sanitised: upper case and stray characters still find the cart', async () => {
      const { key } = await newCart(app);
      expect(ok(await getCart(app, key.toUpperCase())).cart_key).toBe(key);
      expect(ok(await getCart(app, undefined, `?cart_key=${key.toUpperCase()}`)).cart_key).toBe(key);
      expect(ok(await getCart(app, undefined, `?cart_key=${encodeURIComponent(` ${key}!`)}`)).cart_key).toBe(key);
    });
  });

  describe('clients never choose keys', () => {
    it('a write with an unknown (forged) key gets a new key; nothing is stored under the forged one', async () => {
      const forged = 'my-own-key-123';
      const r = await addItem(app, { id: '10', quantity: '1' }, forged);
      const cart = ok(r);
      expect(r.key).toMatch(KEY);
      expect(r.key).not.toBe(forged);
      expect(cart.cart_key).toBe(r.key);
      const read = await getCart(app, forged);
      expect(ok(read)).toMatchObject({ cart_key: '', items: [] });
      expect(read.key).toBeUndefined();
    });

    it('a read with an unknown key gives an empty cart and no key', async () => {
      const r = await getCart(app, 'a'.repeat(30));
      expect(ok(r)).toMatchObject({ cart_hash: '', cart_key: '', items: [], item_count: 0 });
      expect(r.key).toBeUndefined();
      expect(r.res.headers['cocart-api-cart-expiration']).toBeUndefined();
    });
  });

  describe('POST /cart', () => {
    it('creates and persists an empty cart whose key then works', async () => {
      const r = await call(app, { method: 'POST', url: '/cart' });
      const body = ok(r);
      expect(Object.keys(body)).toEqual(['message', 'cart_key']);
      expect(typeof body.message).toBe('string');
      expect(body.cart_key).toMatch(KEY);
      expect(r.key).toBe(body.cart_key);
      expect(Number(r.res.headers['cocart-api-cart-expiration'])).toBe(t + WEEK);

      const read = await getCart(app, body.cart_key);
      expect(ok(read)).toMatchObject({ cart_key: body.cart_key, items: [], item_count: 0 });
      expect(read.key).toBe(body.cart_key);

      const add = await addItem(app, { id: '10', quantity: '1' }, body.cart_key);
      expect(ok(add).cart_key).toBe(body.cart_key);
      expect(add.key).toBe(body.cart_key);
    });
  });

  describe('headers', () => {
    it('an error response for an existing cart still carries the cart headers', async () => {
      const { key } = await newCart(app);
      const r = await addItem(app, { id: '36', quantity: '1' }, key);
      expectError(r, 404, 'cocart_product_out_of_stock');
      expect(r.key).toBe(key);
      const expiration = Number(r.res.headers['cocart-api-cart-expiration']);
      expect(expiration).toBeGreaterThanOrEqual(t + WEEK - 3600);
      expect(Number(r.res.headers['cocart-api-cart-expiring'])).toBe(expiration - 86400);
    });

    it('cart responses are never cacheable: guest reads, writes, refusals and 304s all say no-store (CoCart 4.3.21)', async () => {
      const r = await getCart(app);
      expect(r.res.headers['cache-control']).toContain('no-store');
      expect(r.res.headers.pragma).toBe('no-cache');
      expect(r.res.headers['content-type']).toMatch(/^application\/json/);
      const added = await addItem(app, { id: '10' });
      const refused = await addItem(app, { id: '36' }, added.key);
      const notModified = await call(app, { url: '/cart', key: added.key, headers: { 'if-none-match': (await getCart(app, added.key)).res.headers.etag as string } });
      expect(notModified.status).toBe(304);
      for (const answer of [added, refused, notModified]) expect(answer.res.headers['cache-control']).toBe('no-store, no-cache, must-revalidate, max-age=0');
    });
  });

  describe('ETag', () => {
    it('GET /cart sends an ETag; If-None-Match with it → 304 with an empty body', async () => {
      const { key } = await newCart(app);
      const first = await getCart(app, key);
      const etag = first.res.headers.etag as string;
      expect(etag).toMatch(/^".+"$/);
      const again = await call(app, { url: '/cart', key, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.res.body).toBe('');
    });

    it('the ETag changes after a write, and the old one no longer matches', async () => {
      const { key } = await newCart(app);
      const before = (await getCart(app, key)).res.headers.etag as string;
      ok(await addItem(app, { id: '29', quantity: '1' }, key));
      const after = await call(app, { url: '/cart', key, headers: { 'if-none-match': before } });
      expect(ok(after).items).toHaveLength(2);
      expect(after.res.headers.etag).not.toBe(before);
    });

    it("one cart's ETag never matches another cart with the same history", async () => {
      const a = await newCart(app, { id: '10', quantity: '1' });
      const b = await newCart(app, { id: '29', quantity: '1' });
      const etagA = (await getCart(app, a.key)).res.headers.etag as string;
      const r = await call(app, { url: '/cart', key: b.key, headers: { 'if-none-match': etagA } });
      expect(ok(r).items.map((i: { id: number }) => i.id)).toEqual([29]);
    });
  });

  describe('notices', () => {
    it('are shown once: in the add-item response, not in the next GET', async () => {
      const r = await addItem(app, { id: '10', quantity: '1' });
      expect(ok(r).notices).toEqual({ success: ['"Stainless Steel Snap Shackle" has been added to your cart.'] });
      expect(ok(await getCart(app, r.key)).notices).toEqual([]);
    });

    it('a response that does not show them (return_item) leaves them for the next cart response', async () => {
      const { key } = await newCart(app);
      const item = ok(await addItem(app, { id: '29', quantity: '1', return_item: true }, key));
      expect(item.id).toBe(29);
      expect(ok(await getCart(app, key)).notices).toEqual({ success: ['"Marine First Aid Kit" has been added to your cart.'] });
      expect(ok(await getCart(app, key)).notices).toEqual([]);
    });

    it('a response whose fields leave out notices does not consume them', async () => {
      const { key } = await newCart(app);
      const r = ok(await addItem(app, { id: '29', quantity: '1' }, key, '?fields=item_count'));
      expect(r).toEqual({ item_count: 2 });
      expect(ok(await getCart(app, key, '?fields=notices'))).toEqual({
        notices: { success: ['"Marine First Aid Kit" has been added to your cart.'] },
      });
    });
  });

  describe('expiry', () => {
    it('each use slides the expiry to now + 7 days', async () => {
      const { key } = await newCart(app);
      const start = t;
      t += 3 * 86400;
      try {
        const r = await getCart(app, key);
        expect(ok(r).cart_key).toBe(key);
        expect(Number(r.res.headers['cocart-api-cart-expiration'])).toBe(t + WEEK);
        expect(Number(r.res.headers['cocart-api-cart-expiring'])).toBe(t + WEEK - 86400);
        expect(t + WEEK).toBeGreaterThan(start + WEEK);
      } finally {
        t = start;
      }
    });

    it('an expired cart reads as empty with no key, and a write with its key makes a new key', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const start = t;
      t += WEEK + 1;
      try {
        const read = await getCart(app, key);
        expect(ok(read)).toMatchObject({ cart_key: '', items: [], item_count: 0 });
        expect(read.key).toBeUndefined();

        const write = await addItem(app, { id: '29', quantity: '1' }, key);
        const cart = ok(write);
        expect(write.key).toMatch(KEY);
        expect(write.key).not.toBe(key);
        expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29]);
        expect(Number(write.res.headers['cocart-api-cart-expiration'])).toBe(t + WEEK);
      } finally {
        t = start;
      }
    });

    it('a cart used just before its expiry is still there', async () => {
      const { key } = await newCart(app);
      const start = t;
      t += WEEK - 60;
      try {
        expect(ok(await getCart(app, key)).cart_key).toBe(key);
      } finally {
        t = start;
      }
    });
  });
});
