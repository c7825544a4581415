import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, itemById, newCart, ok } from './helpers.ts';

/**
 * The items routes (docs/wire-contract.md#cart-routes): list, delete all, count, one item, update quantity,
 * remove and restore.
 */

const ITEM_KEYS = [
  'item_key', 'id', 'name', 'title', 'price', 'quantity', 'totals', 'slug', 'meta', 'backorders', 'cart_item_data', 'featured_image', 'extensions',
];

describe.each(DATABASES)('cart items (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  /** A cart with 2 × product 10 and 1 × product 29; returns its key and the two item keys. */
  async function twoLines() {
    const { key } = await newCart(app, { id: '10', quantity: '2' });
    const cart = ok(await addItem(app, { id: '29', quantity: '1' }, key));
    return { key, k10: itemById(cart, 10).item_key as string, k29: itemById(cart, 29).item_key as string, cart };
  }

  const item = (method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH', itemKey: string, key?: string, body?: Record<string, unknown>, query = '') =>
    call(app, { method, url: `/cart/item/${itemKey}${query}`, key, body });

  describe('GET /cart/items', () => {
    it('is an object keyed by item_key, each an item object', async () => {
      const { key, k10, k29 } = await twoLines();
      const items = ok(await call(app, { url: '/cart/items', key }));
      expect(Array.isArray(items)).toBe(false);
      expect(Object.keys(items)).toEqual([k10, k29]);
      expect(Object.keys(items[k10])).toEqual(ITEM_KEYS);
      expect(items[k10]).toMatchObject({ item_key: k10, id: 10, quantity: { value: 2 }, totals: { subtotal: 2598 } });
      expect(items[k29]).toMatchObject({ item_key: k29, id: 29, price: 2799 });
    });

    it('an empty cart → 404 cocart_no_items_in_cart', async () => {
      expectError(await call(app, { url: '/cart/items' }), 404, 'cocart_no_items_in_cart');
    });

    it('a cart whose items were all removed → 404 cocart_no_items_in_cart', async () => {
      const { key, k10, k29 } = await twoLines();
      ok(await item('DELETE', k10, key));
      ok(await item('DELETE', k29, key));
      expectError(await call(app, { url: '/cart/items', key }), 404, 'cocart_no_items_in_cart');
    });
  });

  describe('DELETE /cart/items', () => {
    it('moves every line to removed_items and returns the cart with 200', async () => {
      const { key, k10, k29 } = await twoLines();
      const r = await call(app, { method: 'DELETE', url: '/cart/items', key });
      const cart = ok(r);
      expect(r.key).toBe(key);
      expect(cart.items).toEqual([]);
      expect(cart.item_count).toBe(0);
      expect(cart.totals.total).toBe(0);
      expect(cart.removed_items.map((i: { item_key: string; quantity: number }) => [i.item_key, i.quantity])).toEqual([
        [k10, 2],
        [k29, 1],
      ]);
    });

    it('the lines stay restorable', async () => {
      const { key, k10 } = await twoLines();
      ok(await call(app, { method: 'DELETE', url: '/cart/items', key }));
      const cart = ok(await item('PUT', k10, key));
      expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([[10, 2]]);
      expect(cart.removed_items.map((i: { id: number }) => i.id)).toEqual([29]);
    });

    it('keeps the customer', async () => {
      const { key } = await newCart(app, { id: '10', email: 'keep@example.com' });
      const cart = ok(await call(app, { method: 'DELETE', url: '/cart/items', key }));
      expect(cart.customer.billing_address.billing_email).toBe('keep@example.com');
    });

    it('on an empty cart returns the empty cart with 200', async () => {
      const cart = ok(await call(app, { method: 'DELETE', url: '/cart/items' }));
      expect(cart).toMatchObject({ items: [], removed_items: [], item_count: 0 });
    });
  });

  describe('GET /cart/items/count', () => {
    it('is the sum of line quantities as a bare number', async () => {
      const { key } = await twoLines();
      const r = await call(app, { url: '/cart/items/count', key });
      expect(ok(r)).toBe(3);
      expect(r.res.body).toBe('3');
    });

    it('removed_items=true counts the removed quantities', async () => {
      const { key, k10 } = await twoLines();
      ok(await item('DELETE', k10, key));
      expect(ok(await call(app, { url: '/cart/items/count?removed_items=true', key }))).toBe(2);
      expect(ok(await call(app, { url: '/cart/items/count', key }))).toBe(1);
    });

    it('0 is returned as 0 with 200 (DESIGN: no empty-payload error)', async () => {
      const r = await call(app, { url: '/cart/items/count' });
      expect(ok(r)).toBe(0);
      expect(r.res.body).toBe('0');
    });
  });

  describe('GET /cart/item/{item_key}', () => {
    it('returns the item object', async () => {
      const { key, k29 } = await twoLines();
      const body = ok(await item('GET', k29, key));
      expect(Object.keys(body)).toEqual(ITEM_KEYS);
      expect(body).toMatchObject({ item_key: k29, id: 29, name: 'Marine First Aid Kit', price: 2799, quantity: { value: 1 } });
    });

    it('an unknown key → 404 cocart_item_not_found', async () => {
      const { key } = await twoLines();
      expectError(await item('GET', 'f'.repeat(32), key), 404, 'cocart_item_not_found');
    });

    it('a removed item is not found either', async () => {
      const { key, k10 } = await twoLines();
      ok(await item('DELETE', k10, key));
      expectError(await item('GET', k10, key), 404, 'cocart_item_not_found');
    });

    it('"0" → 404 cocart_cart_item_key_required', async () => {
      const { key } = await twoLines();
      expectError(await item('GET', '0', key), 404, 'cocart_cart_item_key_required');
    });

    it('a key with characters outside [A-Za-z0-9_] matches no route → 404 rest_no_route', async () => {
      expectError(await item('GET', 'abc-def'), 404, 'rest_no_route');
    });

    it('a key longer than 32 characters matches no route (CoCart 4.8) → 404 rest_no_route, on every method', async () => {
      const { key, k10 } = await twoLines();
      expect(k10).toHaveLength(32);
      for (const method of ['GET', 'POST', 'DELETE', 'PUT'] as const) {
        expectError(await item(method, `${k10}a`, key, method === 'POST' ? { quantity: '2' } : undefined), 404, 'rest_no_route');
      }
      expect(ok(await item('GET', k10, key)).item_key).toBe(k10);
    });
  });

  describe('POST /cart/item/{item_key}: update quantity', () => {
    it('sets the absolute quantity and returns the cart without a notice', async () => {
      const { key, k10 } = await twoLines();
      const cart = ok(await item('POST', k10, key, { quantity: '5' }));
      expect(itemById(cart, 10)).toMatchObject({ quantity: { value: 5 }, totals: { subtotal: 5 * 1299 } });
      expect(cart.item_count).toBe(6);
      expect(cart.notices).toEqual([]);
    });

    it('takes a JSON number quantity too', async () => {
      const { key, k10 } = await twoLines();
      expect(itemById(ok(await item('POST', k10, key, { quantity: 4 })), 10).quantity.value).toBe(4);
    });

    it('a non-numeric quantity → 400 rest_invalid_param', async () => {
      const { key, k10 } = await twoLines();
      expectError(await item('POST', k10, key, { quantity: 'lots' }), 400, 'rest_invalid_param');
    });

    it('quantity 0 removes the line exactly like DELETE (restorable, success notice)', async () => {
      const { key, k10 } = await twoLines();
      const cart = ok(await item('POST', k10, key, { quantity: '0' }));
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29]);
      expect(cart.removed_items.map((i: { item_key: string; quantity: number }) => [i.item_key, i.quantity])).toEqual([[k10, 2]]);
      expect(cart.notices).toEqual({ success: ['Stainless Steel Snap Shackle has been removed from cart.'] });
    });

    it('an item not in the cart → 404 cocart_item_not_in_cart', async () => {
      const { key } = await twoLines();
      expectError(await item('POST', 'f'.repeat(32), key, { quantity: '2' }), 404, 'cocart_item_not_in_cart');
    });

    it('"0" → 404 cocart_cart_item_key_required', async () => {
      const { key } = await twoLines();
      expectError(await item('POST', '0', key, { quantity: '2' }), 404, 'cocart_cart_item_key_required');
    });

    it('below the minimum (33, min 2) → 405 cocart_quantity_invalid_amount', async () => {
      const { key, cart } = await newCart(app, { id: '33', quantity: '2' });
      expectError(await item('POST', cart.items[0].item_key, key, { quantity: '1' }), 405, 'cocart_quantity_invalid_amount');
    });

    it('above the maximum (34, max 5) → 405 cocart_quantity_invalid_amount; the cart is unchanged', async () => {
      const { key, cart } = await newCart(app, { id: '34', quantity: '2' });
      expectError(await item('POST', cart.items[0].item_key, key, { quantity: '6' }), 405, 'cocart_quantity_invalid_amount');
      expect(ok(await getCart(app, key)).items[0].quantity.value).toBe(2);
      expect(ok(await item('POST', cart.items[0].item_key, key, { quantity: '5' })).items[0].quantity.value).toBe(5);
    });

    it('more than the stock (35 has 3) → 404 cocart_not_enough_in_stock', async () => {
      const { key, cart } = await newCart(app, { id: '35', quantity: '1' });
      const r = await item('POST', cart.items[0].item_key, key, { quantity: '4' });
      expectError(r, 404, 'cocart_not_enough_in_stock');
      expect(ok(await item('POST', cart.items[0].item_key, key, { quantity: '3' })).items[0].quantity.value).toBe(3);
    });

    it('sold individually (32) above 1 → 405 cocart_can_not_increase_quantity', async () => {
      const { key, cart } = await newCart(app, { id: '32', quantity: '1' });
      expectError(await item('POST', cart.items[0].item_key, key, { quantity: '2' }), 405, 'cocart_can_not_increase_quantity');
    });

    it('return_status=true → {message, quantity} for an increase, a decrease and no change', async () => {
      const { key, k10 } = await twoLines();
      const up = ok(await item('POST', k10, key, { quantity: '4', return_status: true }));
      expect(up).toEqual({ message: 'The quantity for "Stainless Steel Snap Shackle" has increased to "4".', quantity: 4 });
      const down = ok(await item('POST', k10, key, { quantity: '1', return_status: 'true' }));
      expect(down).toEqual({ message: 'The quantity for "Stainless Steel Snap Shackle" has decreased to "1".', quantity: 1 });
      const same = ok(await item('POST', k10, key, { quantity: '1', return_status: true }));
      expect(same).toEqual({ message: 'The quantity for "Stainless Steel Snap Shackle" has not changed.', quantity: 1 });
    });

    it('return_status=true with quantity 0 answers like DELETE with return_status: the removal message', async () => {
      const { key, k10 } = await twoLines();
      expect(ok(await item('POST', k10, key, { quantity: '0', return_status: true }))).toBe('Stainless Steel Snap Shackle has been removed from cart.');
    });
  });

  describe('DELETE /cart/item/{item_key}: remove', () => {
    it('a POST with X-HTTP-Method-Override: DELETE removes the item (CoCart 4.9 reads the header)', async () => {
      const { key, k10 } = await twoLines();
      const cart = ok(await call(app, { method: 'POST', url: `/cart/item/${k10}`, key, headers: { 'x-http-method-override': 'DELETE' } }));
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29]);
      expect(cart.removed_items.map((i: { item_key: string }) => i.item_key)).toEqual([k10]);
    });

    it('moves the line to removed_items with a success notice', async () => {
      const { key, k10 } = await twoLines();
      const cart = ok(await item('DELETE', k10, key));
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29]);
      expect(cart.removed_items).toHaveLength(1);
      expect(cart.removed_items[0]).toMatchObject({ item_key: k10, id: 10, quantity: 2 });
      expect(cart.notices).toEqual({ success: ['Stainless Steel Snap Shackle has been removed from cart.'] });
      expect(cart.totals.total).toBe(2799);
    });

    it('return_status=true → the removal message as a bare string', async () => {
      const { key, k29 } = await twoLines();
      const r = await item('DELETE', k29, key, undefined, '?return_status=true');
      expect(ok(r)).toBe('Marine First Aid Kit has been removed from cart.');
      expect(r.key).toBe(key);
    });

    it('already removed → 404 cocart_item_not_in_cart', async () => {
      const { key, k10 } = await twoLines();
      ok(await item('DELETE', k10, key));
      const r = await item('DELETE', k10, key);
      expectError(r, 404, 'cocart_item_not_in_cart');
      expect(r.body.message).toContain('already been removed');
    });

    it('a key that never existed → 404 cocart_item_not_in_cart', async () => {
      const { key } = await twoLines();
      expectError(await item('DELETE', 'f'.repeat(32), key), 404, 'cocart_item_not_in_cart');
    });

    it('on an empty cart → 404 cocart_no_items_in_cart', async () => {
      expectError(await item('DELETE', 'f'.repeat(32)), 404, 'cocart_no_items_in_cart');
    });

    it('"0" → 404 cocart_cart_item_key_required', async () => {
      const { key } = await twoLines();
      expectError(await item('DELETE', '0', key), 404, 'cocart_cart_item_key_required');
    });
  });

  describe.each(['PUT', 'PATCH'] as const)('%s /cart/item/{item_key}: restore', (method) => {
    it('puts the line back with its quantity and data, with a success notice', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '3', item_data: { engraving: 'Ahoy' } });
      const k = ok(await getCart(app, key)).items[0].item_key;
      ok(await item('DELETE', k, key));
      const cart = ok(await item(method, k, key));
      expect(cart.items).toHaveLength(1);
      expect(cart.items[0]).toMatchObject({ item_key: k, id: 10, quantity: { value: 3 }, cart_item_data: { engraving: 'Ahoy' } });
      expect(cart.removed_items).toEqual([]);
      expect(cart.notices).toEqual({ success: ['Stainless Steel Snap Shackle has been added back to your cart.'] });
    });

    it('return_item=true → the restored item object', async () => {
      const { key, k29 } = await twoLines();
      ok(await item('DELETE', k29, key));
      const body = ok(await item(method, k29, key, { return_item: true }));
      expect(Object.keys(body)).toEqual(ITEM_KEYS);
      expect(body).toMatchObject({ item_key: k29, id: 29, quantity: { value: 1 } });
    });

    it('nothing removed and the key is in the cart → 405 cocart_item_restored_to_cart', async () => {
      const { key, k10 } = await twoLines();
      expectError(await item(method, k10, key), 405, 'cocart_item_restored_to_cart');
    });

    it('nothing removed and an unknown key → 404 cocart_item_restored_to_cart', async () => {
      const { key } = await twoLines();
      expectError(await item(method, 'f'.repeat(32), key), 404, 'cocart_item_restored_to_cart');
    });

    it('something removed but not this key → 403 cocart_can_not_restore_item', async () => {
      const { key, k10 } = await twoLines();
      ok(await item('DELETE', k10, key));
      expectError(await item(method, 'f'.repeat(32), key), 403, 'cocart_can_not_restore_item');
    });

    it('"0" → 404 cocart_cart_item_key_required', async () => {
      const { key } = await twoLines();
      expectError(await item(method, '0', key), 404, 'cocart_cart_item_key_required');
    });

    it('when the same line was added again meanwhile, the restored line replaces it with its old quantity (as WooCommerce)', async () => {
      const { key, cart } = await newCart(app, { id: '10', quantity: '2' });
      const k = cart.items[0].item_key;
      ok(await item('DELETE', k, key));
      ok(await addItem(app, { id: '10', quantity: '5' }, key));
      const restored = ok(await item(method, k, key));
      expect(restored.items.map((i: { item_key: string; quantity: { value: number } }) => [i.item_key, i.quantity.value])).toEqual([[k, 2]]);
      expect(restored.removed_items).toEqual([]);
    });

    it('restoring never takes a sold-individually product (32) above 1', async () => {
      const { key, cart } = await newCart(app, { id: '32' });
      const k = cart.items[0].item_key;
      ok(await item('DELETE', k, key));
      ok(await addItem(app, { id: '32' }, key));
      expect(ok(await item(method, k, key)).items[0].quantity.value).toBe(1);
    });
  });
});
