import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { RequestContext } from '../../../src/hooks/request-context.ts';
import type { JsonObject } from '../../../src/hooks/types.ts';
import type { CartwrightPlugin } from '../../../src/runtime.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, newCart, ok } from './helpers.ts';

/**
 * The cart's extension points (src/hooks/types.ts): money filters that see raw minor units before the
 * built-in formatter at priority 99, item extensions, the payload filters, the add actions, cart update
 * callbacks registered by a plugin, and the quantity limit filter.
 */

/** Filters act only on requests carrying `x-hook-test: <name>`, so tests do not disturb each other. */
const wants = (req: RequestContext | undefined, name: string) => req?.headers['x-hook-test'] === name;

interface Seen {
  prices: unknown[];
  totals: JsonObject[];
  added: { id: unknown; handler: string }[];
  after: { id: unknown; handler: string }[];
  addedMany: { ids: unknown[]; handler: string }[];
  duplicateRegistered: boolean | null;
}

describe.each(DATABASES)('cart hooks (%s)', (kind) => {
  let app: FastifyInstance;
  const seen: Seen = { prices: [], totals: [], added: [], after: [], addedMany: [], duplicateRegistered: null };

  const plugin: CartwrightPlugin = {
    name: 'test',
    register(rt) {
      // This plugin's output depends on a request header, so it tells the cart's response cache (like HTTP Vary).
      rt.hooks.addFilter('cartwright_cart_vary', (vary, req) => `${vary}|${String(req.headers['x-hook-test'] ?? '')}`);
      rt.hooks.addFilter('cocart_cart_item_price', (price, _item, _key, req) => {
        if (!wants(req, 'price')) return price;
        seen.prices.push(price);
        return typeof price === 'number' ? price + 100 : price;
      });
      rt.hooks.addFilter('cocart_cart_item_extensions', (extensions, itemData, itemKey, req) =>
        wants(req, 'extensions') ? { ...extensions, 'gift-wrap': { item_key: itemKey, wrapped: itemData.wrap === 'yes' } } : extensions,
      );
      rt.hooks.addFilter('cocart_after_get_cart', (contents, _cart, req) => (wants(req, 'payload') ? { ...contents, x_after: true } : contents));
      rt.hooks.addFilter('cocart_cart', (response, req) =>
        wants(req, 'payload') ? { ...response, x_final: response.x_after === true ? 'after ran first' : 'after missing' } : response,
      );
      rt.hooks.addFilter('cocart_cart_totals', (totals, req) => {
        if (!wants(req, 'totals')) return totals;
        seen.totals.push({ ...totals });
        return { ...totals, total: (totals.total as number) + 1 };
      });
      rt.hooks.addFilter('cocart_quantity_maximum_allowed', (max, product) => (product.id === 46 ? 2 : max));
      rt.hooks.addAction('cocart_added_item_to_cart', (_req, item, handler) => {
        seen.added.push({ id: item.id, handler });
      });
      rt.hooks.addAction('cocart_after_item_added_to_cart', (item, _req, handler) => {
        seen.after.push({ id: item.id, handler });
      });
      rt.hooks.addAction('cocart_added_items_to_cart', (_req, items, handler) => {
        seen.addedMany.push({ ids: items.map((i) => i.id), handler });
      });
      rt.cartCallbacks.register({
        name: 'gift-note',
        callback: ({ params, cart }) => ({
          ...cart,
          lines: cart.lines.map((l) => ({ ...l, itemData: { ...l.itemData, gift_note: params.note } })),
        }),
      });
      seen.duplicateRegistered = rt.cartCallbacks.register({ name: 'gift-note', callback: ({ cart }) => ({ ...cart, lines: [] }) });
    },
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [plugin] });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    seen.prices = [];
    seen.totals = [];
    seen.added = [];
    seen.after = [];
    seen.addedMany = [];
  });

  const hooked = (name: string, query: string, key: string) => call(app, { url: `/cart${query}`, key, headers: { 'x-hook-test': name } });

  describe('money filters', () => {
    it('cocart_cart_item_price at priority 10 sees raw minor units even with config[prices]=preformatted; its change shows formatted', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const cart = ok(await hooked('price', '?config[prices]=preformatted', key));
      expect(seen.prices).toEqual([1299]);
      expect(cart.items[0].price).toBe('£13.99');
      expect(cart.items[0].totals.subtotal).toBe('£25.98');
    });

    it('and without preformatted the change shows as a number', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      expect(ok(await hooked('price', '', key)).items[0].price).toBe(1399);
      expect(seen.prices).toEqual([1299]);
    });

    it('cocart_cart_totals at priority 10 sees raw numbers; its change shows formatted', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      const cart = ok(await hooked('totals', '?config[prices]=preformatted', key));
      expect(seen.totals).toHaveLength(1);
      expect(seen.totals[0]).toMatchObject({ subtotal: 2598, total: 2598, total_tax: 0 });
      for (const v of Object.values(seen.totals[0])) expect(typeof v).toBe('number');
      expect(cart.totals.total).toBe('£25.99');
      expect(cart.totals.subtotal).toBe('£25.98');
    });
  });

  describe('payload filters', () => {
    it("cocart_cart_item_extensions fills each item's extensions", async () => {
      const { key } = await newCart(app, { id: '10', quantity: '1', item_data: { wrap: 'yes' } });
      const cart = ok(await addItem(app, { id: '29' }, key));
      const plain = ok(await getCart(app, key));
      expect(plain.items.map((i: { extensions: unknown }) => i.extensions)).toEqual([[], []]);
      const withExt = ok(await hooked('extensions', '', key));
      expect(withExt.items.map((i: { extensions: unknown }) => i.extensions)).toEqual([
        { 'gift-wrap': { item_key: cart.items[0].item_key, wrapped: true } },
        { 'gift-wrap': { item_key: cart.items[1].item_key, wrapped: false } },
      ]);
    });

    it('cocart_after_get_cart and then cocart_cart can change the payload', async () => {
      const { key } = await newCart(app);
      const cart = ok(await hooked('payload', '', key));
      expect(cart.x_after).toBe(true);
      expect(cart.x_final).toBe('after ran first');
      expect(ok(await getCart(app, key)).x_final).toBeUndefined();
    });
  });

  describe('add actions', () => {
    it('cocart_added_item_to_cart and cocart_after_item_added_to_cart fire once per add, with the item', async () => {
      const { key } = await newCart(app, { id: '10' });
      ok(await addItem(app, { id: '17', return_item: true }, key));
      expect(seen.added).toEqual([
        { id: 10, handler: 'simple' },
        { id: 17, handler: 'variation' },
      ]);
      expect(seen.after).toEqual(seen.added);
    });

    it('do not fire when the add fails', async () => {
      expectError(await addItem(app, { id: '36' }), 404, 'cocart_product_out_of_stock');
      expect(seen.added).toEqual([]);
      expect(seen.after).toEqual([]);
    });

    it('cocart_added_items_to_cart fires once for add-items with every added item', async () => {
      ok(await call(app, { method: 'POST', url: '/cart/add-items', body: { id: '43', quantity: { 29: '1', 45: '2' } } }));
      expect(seen.addedMany).toEqual([{ ids: [29, 45], handler: 'grouped' }]);
      expect(seen.added).toEqual([]);
    });
  });

  describe('cart update callbacks', () => {
    it("a plugin's callback is reachable at POST /cart/update?namespace=gift-note", async () => {
      const { key } = await newCart(app, { id: '10' });
      ok(await addItem(app, { id: '29' }, key));
      const cart = ok(await call(app, { method: 'POST', url: '/cart/update?namespace=gift-note', key, body: { note: 'Happy birthday' } }));
      expect(cart.items.map((i: { cart_item_data: unknown }) => i.cart_item_data)).toEqual([{ gift_note: 'Happy birthday' }, { gift_note: 'Happy birthday' }]);
      expect(ok(await getCart(app, key)).items[0].cart_item_data).toEqual({ gift_note: 'Happy birthday' });
    });

    it('registering a name already taken returns false and leaves the first callback in place', async () => {
      expect(seen.duplicateRegistered).toBe(false);
      expect(app.runtime.cartCallbacks.register({ name: 'update-cart', callback: ({ cart }) => cart })).toBe(false);
      expect(app.runtime.cartCallbacks.register({ name: 'gift-note', callback: ({ cart }) => cart })).toBe(false);
      const { key } = await newCart(app, { id: '10' });
      const cart = ok(await call(app, { method: 'POST', url: '/cart/update?namespace=gift-note', key, body: { note: 'Still here' } }));
      expect(cart.items[0].cart_item_data).toEqual({ gift_note: 'Still here' });
    });

    it('a newly registered name becomes reachable', async () => {
      expect(
        app.runtime.cartCallbacks.register({ name: 'empty-it', callback: ({ cart }) => ({ ...cart, lines: [], removed: [...cart.removed, ...cart.lines] }) }),
      ).toBe(true);
      const { key } = await newCart(app, { id: '10' });
      const cart = ok(await call(app, { method: 'POST', url: '/cart/update?namespace=empty-it', key }));
      expect(cart.items).toEqual([]);
      expect(cart.removed_items.map((i: { id: number }) => i.id)).toEqual([10]);
    });
  });

  describe('cocart_quantity_maximum_allowed', () => {
    it('narrowing it limits add-item (46 narrowed to 2) and shows in max_purchase', async () => {
      expectError(await addItem(app, { id: '46', quantity: '3' }), 405, 'cocart_quantity_invalid_amount');
      const { key, cart } = await newCart(app, { id: '46', quantity: '2' });
      expect(cart.items[0].quantity).toEqual({ value: 2, min_purchase: 1, max_purchase: 2 });
      expectError(await addItem(app, { id: '46', quantity: '1' }, key), 405, 'cocart_quantity_invalid_amount');
    });

    it('also limits update-item', async () => {
      const { key, cart } = await newCart(app, { id: '46', quantity: '1' });
      expectError(await call(app, { method: 'POST', url: `/cart/item/${cart.items[0].item_key}`, key, body: { quantity: '3' } }), 405, 'cocart_quantity_invalid_amount');
    });
  });
});
