import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, itemById, newCart, ok } from './helpers.ts';

/** POST /cart/clear, POST /cart/calculate and GET /cart/totals (docs/wire-contract.md#cart-routes). */

const TOTALS_KEYS = [
  'subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax',
];
const LEGACY_TOTALS_KEYS = [
  'subtotal', 'subtotal_tax', 'shipping_total', 'shipping_tax', 'shipping_taxes', 'discount_total', 'discount_tax', 'cart_contents_total',
  'cart_contents_tax', 'cart_contents_taxes', 'fee_total', 'fee_tax', 'fee_taxes', 'total', 'total_tax',
];

describe.each(DATABASES)('clear, calculate and totals (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  /** 2 × 10 (£25.98) and 1 × 29 (£27.99), billing details set, product 29 then removed and 46 added. */
  async function busyCart() {
    const { key } = await newCart(app, { id: '10', quantity: '2', email: 'ada@example.com' });
    const cart = ok(await addItem(app, { id: '29', quantity: '1' }, key));
    ok(await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key, body: { first_name: 'Ada', city: 'Belfast' } }));
    ok(await call(app, { method: 'DELETE', url: `/cart/item/${itemById(cart, 29).item_key}`, key }));
    ok(await addItem(app, { id: '46', quantity: '1' }, key));
    return key;
  }

  const clear = (key: string, query = '') => call(app, { method: 'POST', url: `/cart/clear${query}`, key });

  describe('POST /cart/clear', () => {
    it('empties lines, coupons and removed items, keeps the customer, and says so with a `notice`', async () => {
      const key = await busyCart();
      const r = await clear(key);
      const cart = ok(r);
      expect(r.key).toBe(key);
      expect(cart).toMatchObject({ cart_key: key, items: [], item_count: 0, coupons: [], removed_items: [], cart_hash: '' });
      expect(cart.totals).toEqual(Object.fromEntries(TOTALS_KEYS.map((k) => [k, 0])));
      expect(cart.customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_city: 'Belfast', billing_email: 'ada@example.com' });
      expect(cart.notices).toEqual({ notice: ['Cart is cleared.'] });
    });

    it('keep_removed_items=true keeps the removed items (still restorable)', async () => {
      const key = await busyCart();
      const cart = ok(await clear(key, '?keep_removed_items=true'));
      expect(cart.items).toEqual([]);
      expect(cart.removed_items.map((i: { id: number }) => i.id)).toEqual([29]);
      const restored = ok(await call(app, { method: 'PUT', url: `/cart/item/${cart.removed_items[0].item_key}`, key }));
      expect(restored.items.map((i: { id: number }) => i.id)).toEqual([29]);
    });

    it('the cleared cart stays cleared, and its key still works', async () => {
      const key = await busyCart();
      ok(await clear(key));
      const cart = ok(await getCart(app, key));
      expect(cart).toMatchObject({ cart_key: key, items: [], removed_items: [], notices: [] });
      expect(cart.customer.billing_address.billing_first_name).toBe('Ada');
    });

    it('on a cart without a key returns the empty cart', async () => {
      const cart = ok(await call(app, { method: 'POST', url: '/cart/clear' }));
      expect(cart).toMatchObject({ items: [], cart_key: '', notices: { notice: ['Cart is cleared.'] } });
    });
  });

  describe('POST /cart/calculate', () => {
    it('returns the cart', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const cart = ok(await call(app, { method: 'POST', url: '/cart/calculate', key }));
      expect(cart).toMatchObject({ cart_key: key, item_count: 2, totals: { subtotal: 2598, total: 2598 } });
    });

    it('return_totals=true → only the totals object', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const totals = ok(await call(app, { method: 'POST', url: '/cart/calculate?return_totals=true', key }));
      expect(Object.keys(totals)).toEqual(TOTALS_KEYS);
      expect(totals).toMatchObject({ subtotal: 2598, total: 2598, discount_total: 0, shipping_total: 0 });
    });

    it('return_totals=true honours config[prices]=preformatted', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const totals = ok(await call(app, { method: 'POST', url: '/cart/calculate?return_totals=true&config[prices]=preformatted', key }));
      expect(totals).toMatchObject({ subtotal: '£25.98', total: '£25.98', fee_total: '£0.00' });
    });
  });

  describe('GET /cart/totals', () => {
    it('returns the ten Beta 1 totals keys in order, numbers in minor units', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3' });
      const totals = ok(await call(app, { url: '/cart/totals', key }));
      expect(Object.keys(totals)).toEqual(TOTALS_KEYS);
      expect(totals).toEqual({
        subtotal: 3897, subtotal_tax: 0, fee_total: 0, fee_tax: 0, discount_total: 0, discount_tax: 0,
        shipping_total: 0, shipping_tax: 0, total: 3897, total_tax: 0,
      });
    });

    it('fields=totals.total,totals.subtotal → just those two', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3' });
      expect(ok(await call(app, { url: '/cart/totals?fields=totals.total,totals.subtotal', key }))).toEqual({ subtotal: 3897, total: 3897 });
    });

    it('fields naming only totals.subtotal has no total → 404 cocart_cart_totals_empty (Beta 1 quirk)', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3' });
      expectError(await call(app, { url: '/cart/totals?fields=totals.subtotal', key }), 404, 'cocart_cart_totals_empty');
    });

    it('config[prices]=preformatted → display strings', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '1' });
      const totals = ok(await call(app, { url: '/cart/totals?config[prices]=preformatted', key }));
      expect(totals).toMatchObject({ subtotal: '£12.99', total: '£12.99', total_tax: '£0.00', discount_total: '£0.00' });
    });

    it('an empty cart → 404 cocart_cart_totals_empty', async () => {
      expectError(await call(app, { url: '/cart/totals' }), 404, 'cocart_cart_totals_empty');
      const { key, cart } = await newCart(app, { id: '10', quantity: '1' });
      ok(await call(app, { method: 'DELETE', url: `/cart/item/${cart.items[0].item_key}`, key }));
      expectError(await call(app, { url: '/cart/totals', key }), 404, 'cocart_cart_totals_empty');
    });

    it('html=true → the released-4.x raw map, 15 keys, scalars formatted, *_taxes maps left as []', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3' });
      const totals = ok(await call(app, { url: '/cart/totals?html=true', key }));
      expect(Object.keys(totals)).toEqual(LEGACY_TOTALS_KEYS);
      expect(totals).toEqual({
        subtotal: '£38.97', subtotal_tax: '£0.00', shipping_total: '£0.00', shipping_tax: '£0.00', shipping_taxes: [],
        discount_total: '£0.00', discount_tax: '£0.00', cart_contents_total: '£38.97', cart_contents_tax: '£0.00', cart_contents_taxes: [],
        fee_total: '£0.00', fee_tax: '£0.00', fee_taxes: [], total: '£38.97', total_tax: '£0.00',
      });
    });

    it('html=false → the released-4.x raw map in major units', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3' });
      const totals = ok(await call(app, { url: '/cart/totals?html=false', key }));
      expect(Object.keys(totals)).toEqual(LEGACY_TOTALS_KEYS);
      expect(totals).toMatchObject({ subtotal: '38.97', cart_contents_total: '38.97', total: '38.97', total_tax: '0.00', fee_taxes: [] });
    });

    it('html=false with taxes on → the *_taxes maps carry each rate id\'s amount', async () => {
      const settings = app.runtime.settings.get();
      await app.runtime.settings.save({ ...settings, tax: { ...settings.tax, calc_taxes: true } });
      try {
        const { key } = await newCart(app, { id: '10', quantity: '3' });
        ok(await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key, body: { country: 'GB', postcode: 'BS1 4XX' } }));
        const totals = ok(await call(app, { url: '/cart/totals?html=false', key }));
        // Demo rate 1 is GB VAT 20 %: 38.97 → 7.794 → 7.79; UK flat rate 4.99 → 0.998 → 1.00.
        expect(totals).toMatchObject({
          cart_contents_tax: '7.79', cart_contents_taxes: { '1': '7.79' }, shipping_total: '4.99', shipping_tax: '1.00',
          shipping_taxes: { '1': '1.00' }, fee_taxes: [], total_tax: '8.79', total: '52.75',
        });
      } finally {
        await app.runtime.settings.save(settings);
      }
    });

    it('html on an empty cart → 404 cocart_cart_totals_empty too', async () => {
      expectError(await call(app, { url: '/cart/totals?html=true' }), 404, 'cocart_cart_totals_empty');
    });
  });
});
