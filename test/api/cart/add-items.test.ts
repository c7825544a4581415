import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../../src/catalog/repository.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { call, expectError, getCart, newCart, ok } from './helpers.ts';

/**
 * POST /cart/add-items: the children of a grouped product (docs/wire-contract.md#adding-items). Unlike CoCart it is
 * all or nothing: a failing child adds nothing (our documented improvement, src/cart/add-items.ts).
 */

const ITEM_KEYS = [
  'item_key', 'id', 'name', 'title', 'price', 'quantity', 'totals', 'slug', 'meta', 'backorders', 'cart_item_data', 'featured_image', 'extensions',
];

describe.each(DATABASES)('POST /cart/add-items (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const addItems = (body: Record<string, unknown>, key?: string) => call(app, { method: 'POST', url: '/cart/add-items', body, key });

  it('grouped 43 with a quantity map adds a line per child, with one combined success notice', async () => {
    const r = await addItems({ id: '43', quantity: { 29: '1', 45: 2, 46: '0' } });
    const cart = ok(r);
    expect(r.key).toMatch(/^[0-9a-f]{30}$/);
    expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([
      [29, 1],
      [45, 2],
    ]);
    expect(cart.item_count).toBe(3);
    expect(cart.totals.total).toBe(2799 + 2 * 349);
    expect(cart.notices).toEqual({ success: ['"Marine First Aid Kit", "Emergency Whistle" have been added to your cart.'] });
  });

  it('the grouped product may be named by its SKU-less id only; children onto existing lines increment them', async () => {
    const { key } = await newCart(app, { id: '45', quantity: '1' });
    const cart = ok(await addItems({ id: '43', quantity: { 45: '2', 46: '1' } }, key));
    expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([
      [45, 3],
      [46, 1],
    ]);
  });

  it('quantity missing → 400 rest_missing_callback_param', async () => {
    const r = await addItems({ id: '43' });
    expectError(r, 400, 'rest_missing_callback_param');
    expect(r.body.data.params).toEqual(['quantity']);
  });

  it('an empty quantity map → 404 cocart_grouped_product_empty', async () => {
    expectError(await addItems({ id: '43', quantity: {} }), 404, 'cocart_grouped_product_empty');
  });

  it('all quantities zero → 404 cocart_grouped_product_failed', async () => {
    expectError(await addItems({ id: '43', quantity: { 29: '0', 45: 0, 46: '-1' } }), 404, 'cocart_grouped_product_failed');
  });

  it('the container id is validated as on add-item: "" → 404, draft → 400, unknown SKU → 404', async () => {
    expectError(await addItems({ id: '', quantity: { 29: 1 } }), 404, 'cocart_product_id_required');
    expectError(await addItems({ id: '50', quantity: { 29: 1 } }), 400, 'cocart_invalid_product');
    expectError(await addItems({ id: 'CW-NOPE', quantity: { 29: 1 } }), 404, 'cocart_unknown_product_id');
  });

  it('a child over its stock fails with that child\'s error and NOTHING is added', async () => {
    const { key, cart: before } = await newCart(app, { id: '10', quantity: '1' });
    const r = await addItems({ id: '43', quantity: { 29: '1', 45: '1', 46: '61' } }, key);
    expectError(r, 404, 'cocart_not_enough_in_stock');
    expect(r.body.message).toContain('Waterproof LED Head Torch');
    expect(r.key).toBe(key);
    const after = ok(await getCart(app, key));
    expect(after.items.map((i: { id: number }) => i.id)).toEqual([10]);
    expect(after.cart_hash).toBe(before.cart_hash);
    expect(after.notices).toEqual([]);
  });

  it('a failing child on a new cart creates no cart', async () => {
    const r = await addItems({ id: '43', quantity: { 29: '41' } });
    expectError(r, 404, 'cocart_not_enough_in_stock');
    expect(r.key).toBeUndefined();
  });

  it('return_items=true returns an array of the added item objects', async () => {
    const r = await addItems({ id: '43', quantity: { 29: '1', 46: '2' }, return_items: true });
    const items = ok(r);
    expect(Array.isArray(items)).toBe(true);
    expect(items).toHaveLength(2);
    for (const item of items) expect(Object.keys(item)).toEqual(ITEM_KEYS);
    expect(items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([
      [29, 1],
      [46, 2],
    ]);
    expect(r.key).toMatch(/^[0-9a-f]{30}$/);
  });

  it('email and phone become the billing contact', async () => {
    const cart = ok(await addItems({ id: '43', quantity: { 45: '1' }, email: 'crew@example.com', phone: '+44 7700 900123' }));
    expect(cart.customer.billing_address).toMatchObject({ billing_email: 'crew@example.com', billing_phone: '+44 7700 900123' });
  });

  it('the quantity map also works in bracket query syntax', async () => {
    const cart = ok(await call(app, { method: 'POST', url: '/cart/add-items?id=43&quantity[45]=1&quantity[46]=1' }));
    expect(cart.items.map((i: { id: number }) => i.id)).toEqual([45, 46]);
  });
});

describe.each(DATABASES)('POST /cart/add-items with a child out of stock (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    const whistle = app.runtime.catalog.current().products.get(45)!;
    await saveProduct(app.runtime.database.db, { ...whistle, stockStatus: 'outofstock' });
    await app.runtime.catalog.changed();
  });
  afterAll(() => app.close());

  it("fails with that child's 404 cocart_product_out_of_stock and adds none of the others", async () => {
    const { key } = await newCart(app, { id: '10', quantity: '1' });
    const r = await call(app, { method: 'POST', url: '/cart/add-items', key, body: { id: '43', quantity: { 29: '1', 45: '1', 46: '1' } } });
    expectError(r, 404, 'cocart_product_out_of_stock');
    expect(r.body.message).toContain('Emergency Whistle');
    expect(ok(await getCart(app, key)).items.map((i: { id: number }) => i.id)).toEqual([10]);
  });

  it('the in-stock children alone still go in', async () => {
    const cart = ok(await call(app, { method: 'POST', url: '/cart/add-items', body: { id: '43', quantity: { 29: '1', 46: '1' } } }));
    expect(cart.items.map((i: { id: number }) => i.id)).toEqual([29, 46]);
  });
});
