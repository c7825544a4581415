import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CartRequest } from '../../src/cart/service.ts';
import { catalogPriceOnly } from '../../src/cart/unit-price.ts';
import { internalRequest } from '../../src/hooks/request-context.ts';
import type { CartwrightPlugin, PluginApi } from '../../src/runtime.ts';
import { lines, shopperCall } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { withUser } from '../helpers/auth.ts';

/**
 * The cart service runs cart use cases for anything, not only HTTP requests: a background job and a
 * plugin change carts through it, and what they did is what the Cart API then shows. Plugins replace
 * the cart's policies (merge strategy, unit price) before any runs.
 */

/** A cart request made by no client: a job's or the CLI's. */
const internal = (key = ''): CartRequest => ({ caller: { user: null }, key, context: internalRequest() });

describe.each(DATABASES)('cart operations without HTTP (%s)', (kind) => {
  let app: FastifyInstance;
  let api: PluginApi;
  const plugin: CartwrightPlugin = {
    name: 'cart-jobs',
    register(given) {
      api = given;
    },
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [plugin], env: { WORKERS: '1' } });
    // A job that tops a shopper's cart up, as a "restock reminder" plugin might.
    app.runtime.jobs.registry.register<{ key: string; id: string; quantity: number }>('test_add_to_cart', async (args) => {
      await api.carts.addItem(internal(args.key), { id: args.id, quantity: args.quantity });
    });
  });
  afterAll(() => app.close());

  it('a plugin adds to a new cart through the service, and the Cart API shows it under the key it got', async () => {
    const result = await api.carts.addItem(internal(), { id: '45', quantity: 2 });
    const key = result.session!.key;
    expect(key).toMatch(/^[0-9a-f]{30}$/);
    expect(result.payload.priced.lines.map((l) => [l.line.id, l.line.quantity])).toEqual([[45, 2]]);
    const shown = await shopperCall(app, 'GET', '/cart', { key });
    expect(shown.statusCode).toBe(200);
    expect(lines(shown.json())).toEqual([[45, 2]]);
    expect(shown.json().totals.total).toBe(result.payload.priced.totals.total);
  });

  it('a background job changes a shopper’s cart, one revision like any write', async () => {
    const added = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '10' } });
    const key = added.headers['cocart-api-cart-key'] as string;
    const before = (await app.runtime.sessions.find(key))!.revision;
    await app.runtime.jobs.queue.schedule('test_add_to_cart', { key, id: '57', quantity: 3 });
    let stored = (await app.runtime.sessions.find(key))!;
    for (let i = 0; i < 100 && stored.revision === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = (await app.runtime.sessions.find(key))!;
    }
    expect(stored.revision).toBe(before + 1);
    expect(lines((await shopperCall(app, 'GET', '/cart', { key })).json())).toEqual([[10, 1], [57, 3]]);
  });

  it('refuses without HTTP as it does over HTTP: a domain error with a code and a kind', async () => {
    await expect(api.carts.addItem(internal(), { id: '999999', quantity: 1 })).rejects.toMatchObject({ code: 'cocart_invalid_product', kind: 'invalid' });
    await expect(api.carts.updateItem(internal(), 'no-such-line', 2)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("works on a customer's own cart when the caller is that customer", async () => {
    const ada = await withUser(app, 'customer', 'service-ada');
    const result = await api.carts.addItem({ ...internal(), caller: { user: ada } }, { id: '45', quantity: 1 });
    expect(result.session!.customerId).toBe(ada.id);
    expect(lines((await shopperCall(app, 'GET', '/cart', { login: 'service-ada' })).json())).toEqual([[45, 1]]);
    // Anyone else holding only its key is refused, as over HTTP.
    await expect(api.carts.read(internal(result.session!.key))).rejects.toMatchObject({ code: 'cocart_cart_needs_authenticating', kind: 'forbidden' });
  });
});

describe.each(DATABASES)('cart policies replaced by a plugin (%s)', (kind) => {
  let app: FastifyInstance;
  const SALT = 'policy-salt';
  const plugin: CartwrightPlugin = {
    name: 'policies',
    register(api) {
      // Logging in never brings a guest cart's lines along: the customer's cart wins, whatever the setting says.
      api.policies.setMergeStrategy({ merge: (_guest, own) => ({ ...own, notices: [...own.notices, { type: 'info', msgid: 'Your guest cart was set aside.', args: [] }] }) });
      api.policies.setUnitPrice(catalogPriceOnly);
    },
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [plugin] });
    const settings = app.runtime.settings.get();
    await app.runtime.settings.save({ ...settings, general: { ...settings.general, salt_key: SALT }, cart: { ...settings.cart, merge_strategy: 'merge' } });
    await withUser(app, 'customer', 'policy-ada');
  });
  afterAll(() => app.close());

  it("the plugin's merge strategy runs at login instead of the store's", async () => {
    await shopperCall(app, 'POST', '/cart/add-item', { login: 'policy-ada', payload: { id: '10' } });
    const guest = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '45', quantity: 4 } });
    const key = guest.headers['cocart-api-cart-key'] as string;
    const merged = await shopperCall(app, 'GET', '/cart', { login: 'policy-ada', key });
    expect(merged.statusCode).toBe(200);
    expect(lines(merged.json())).toEqual([[10, 1]]);
    expect(merged.json().notices.info).toEqual(['Your guest cart was set aside.']);
  });

  it('the catalogue-price policy ignores a custom price even with the right salt key', async () => {
    const catalogue = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '45' } });
    const price = catalogue.json().items[0].price;
    const custom = await app.inject({
      method: 'POST',
      url: '/wp-json/cocart/v2/cart/add-item',
      headers: { 'x-cocart-salt': SALT },
      payload: { id: '45', price: '0.01' },
    });
    expect(custom.statusCode).toBe(200);
    expect(custom.json().items[0].price).toBe(price);
    expect(price).toBeGreaterThan(1);
  });
});
