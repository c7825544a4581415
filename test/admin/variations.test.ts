import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 product variations (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  it('lists a variable product\'s variations in menu order, with paging headers', async () => {
    const r = await wc(app, 'GET', '/products/11/variations?per_page=5');
    expect(r.status).toBe(200);
    expect(r.res.headers['x-wp-total']).toBe('12');
    expect(r.res.headers['x-wp-totalpages']).toBe('3');
    expect(r.res.headers.link).toMatch(/variations\?per_page=5&page=2>; rel="next"/);
    expect(r.body[0]).toMatchObject({
      id: 12,
      type: 'variation',
      parent_id: 11,
      attributes: [{ id: 1, name: 'Colour', option: 'Red' }, { id: 2, name: 'Size', option: 'S' }],
      _links: { up: [{ href: expect.stringMatching(/\/wc\/v3\/products\/11$/) }] },
    });
    expect(r.body[0].price).toMatch(/^\d+\.\d{2}$/);
    expect((await wc(app, 'GET', '/products/99999/variations')).body.code).toBe('woocommerce_rest_product_variation_invalid_parent');
    expect((await wc(app, 'GET', '/products/11/variations', undefined, 'ada')).status).toBe(403);
  });

  it('retrieves one, and answers a variation of another parent with 404 woocommerce_rest_product_variation_invalid_id', async () => {
    expect((await wc(app, 'GET', '/products/11/variations/12')).body).toMatchObject({ id: 12, sku: expect.any(String) });
    expect(await wc(app, 'GET', '/products/10/variations/12')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_product_variation_invalid_id' } });
    expect((await wc(app, 'GET', '/products/11/variations/99999')).status).toBe(404);
  });

  it('creates a variation by attribute name or id, and the cart can buy it by its attributes', async () => {
    const parent = (
      await wc(app, 'POST', '/products', {
        name: 'Deck Shoe',
        type: 'variable',
        attributes: [
          { id: 2, options: ['S', 'M', 'XXL'], variation: true, visible: true },
          { name: 'Sole', options: 'Rubber | Leather', variation: true },
        ],
        default_attributes: [{ id: 2, option: 'M' }],
      })
    ).body;
    expect(parent.attributes).toMatchObject([
      { id: 2, name: 'Size', options: ['S', 'M', 'XXL'] },
      { id: 0, name: 'Sole', options: ['Rubber', 'Leather'] },
    ]);
    expect(parent.default_attributes).toEqual([{ id: 2, name: 'Size', option: 'm' }]);
    // "XXL" was not a size yet: it became a term of the attribute, as in WooCommerce.
    expect(app.runtime.catalog.current().termBySlug('pa_size', 'xxl')?.name).toBe('XXL');

    const created = await wc(app, 'POST', `/products/${parent.id}/variations`, {
      regular_price: '45.00',
      sku: 'DECK-M-RUB',
      attributes: [{ id: 2, option: 'M' }, { name: 'Sole', option: 'Rubber' }],
      manage_stock: true,
      stock_quantity: 3,
    });
    expect(created.status).toBe(201);
    expect(created.res.headers.location).toMatch(new RegExp(`/products/${parent.id}/variations/${created.body.id}$`));
    expect(created.body).toMatchObject({
      price: '45.00',
      name: 'Deck Shoe - M, Rubber',
      attributes: [{ id: 2, name: 'Size', option: 'M' }, { id: 0, name: 'Sole', option: 'Rubber' }],
      stock_quantity: 3,
      manage_stock: true,
    });
    const again = (await wc(app, 'GET', `/products/${parent.id}`)).body;
    expect(again).toMatchObject({ variations: [created.body.id], price: '45.00' });

    const add = await app.inject({
      method: 'POST',
      url: '/wp-json/cocart/v2/cart/add-item',
      payload: { id: String(parent.id), quantity: '1', variation: { attribute_pa_size: 'm', attribute_sole: 'rubber' } },
    });
    expect(add.statusCode).toBe(200);
    expect(add.json().items[0]).toMatchObject({ id: created.body.id, price: 4500 });

    const key = add.headers['cocart-api-cart-key'] as string;
    await wc(app, 'PATCH', `/products/${parent.id}/variations/${created.body.id}`, { regular_price: '39.50' });
    const cart = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } });
    expect(cart.json().items[0].price).toBe(3950);
  });

  it('refuses bad variation input with a 4xx and stores nothing', async () => {
    const before = app.runtime.catalog.current().variationsOf(11).length;
    const cases: [string, unknown, number, string][] = [
      ['/products/10/variations', { regular_price: '1' }, 404, 'woocommerce_rest_product_variation_invalid_parent'],
      ['/products/11/variations', { regular_price: 'x' }, 400, 'rest_invalid_param'],
      ['/products/11/variations', { attributes: [{ id: 3, option: '10 m' }] }, 400, 'rest_invalid_param'],
      ['/products/11/variations', { attributes: [{ id: 1, option: 'Purple' }] }, 400, 'rest_invalid_param'],
      ['/products/11/variations', { sku: 'CW-SHK-001' }, 400, 'product_invalid_sku'],
      ['/products/11/variations', { id: 12 }, 400, 'woocommerce_rest_product_variation_exists'],
      ['/products/11/variations', { image: { id: 99999 } }, 400, 'woocommerce_product_invalid_image_id'],
    ];
    for (const [path, payload, status, code] of cases) {
      const r = await wc(app, 'POST', path, payload);
      expect([path, payload, r.status, r.body.code]).toEqual([path, payload, status, code]);
    }
    expect(app.runtime.catalog.current().variationsOf(11).length).toBe(before);
    expect(await wc(app, 'PUT', '/products/11/variations/99999', { regular_price: '1' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_product_variation_invalid_id' } });
  });

  it('updates, deletes (force) and batches', async () => {
    const upd = await wc(app, 'PUT', '/products/11/variations/13', { sale_price: '99.00', status: 'private' });
    expect(upd.body).toMatchObject({ sale_price: '99.00', status: 'private' });
    const created = (await wc(app, 'POST', '/products/11/variations', { regular_price: '1.00', attributes: [{ id: 1, option: 'navy' }] })).body;
    expect(created.attributes).toEqual([{ id: 1, name: 'Colour', option: 'Navy' }]);
    expect((await wc(app, 'DELETE', `/products/11/variations/${created.id}`)).status).toBe(501);
    expect((await wc(app, 'DELETE', `/products/11/variations/${created.id}?force=true`)).body.id).toBe(created.id);
    expect((await wc(app, 'GET', `/products/11/variations/${created.id}`)).status).toBe(404);

    const batch = await wc(app, 'POST', '/products/11/variations/batch', {
      create: [{ regular_price: '2.00', attributes: [{ id: 1, option: 'Red' }, { id: 2, option: 'XL' }] }],
      update: [{ id: 14, regular_price: '120.00' }, { id: 12345, regular_price: '1' }],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.create[0]).toMatchObject({ price: '2.00' });
    expect(batch.body.update[0]).toMatchObject({ id: 14, regular_price: '120.00' });
    expect(batch.body.update[1]).toMatchObject({ id: 12345, error: { code: 'woocommerce_rest_product_variation_invalid_id' } });
    const del = await wc(app, 'POST', '/products/11/variations/batch', { delete: [batch.body.create[0].id] });
    expect(del.body.delete[0].id).toBe(batch.body.create[0].id);
  });

  it('generates a variation for each combination of the variation attributes that has none, with default values; delete removes the rest', async () => {
    const parent = (
      await wc(app, 'POST', '/products', {
        name: 'Rain Hat',
        type: 'variable',
        attributes: [
          { id: 1, options: ['Red', 'Navy'], variation: true },
          { name: 'Brim', options: ['Short', 'Wide', 'None'], variation: true },
          { name: 'Fabric', options: ['Oilskin'], variation: false },
        ],
      })
    ).body;
    const kept = (await wc(app, 'POST', `/products/${parent.id}/variations`, { regular_price: '30', attributes: [{ id: 1, option: 'Red' }, { name: 'Brim', option: 'Short' }] })).body;
    const stray = (await wc(app, 'POST', `/products/${parent.id}/variations`, { regular_price: '30', attributes: [{ id: 1, option: 'Red' }] })).body;

    const generated = await wc(app, 'POST', `/products/${parent.id}/variations/generate`, { default_values: { regular_price: '25.00', manage_stock: true, stock_quantity: 3 } });
    expect(generated).toMatchObject({ status: 200, body: { count: 5 } });
    const list = (await wc(app, 'GET', `/products/${parent.id}/variations?per_page=100`)).body as { id: number; regular_price: string; stock_quantity: number | null; attributes: { name: string; option: string }[] }[];
    const combos = list.map((v) => v.attributes.map((a) => a.option).join('/')).sort();
    expect(combos).toEqual(['Navy/None', 'Navy/Short', 'Navy/Wide', 'Red', 'Red/None', 'Red/Short', 'Red/Wide'].sort());
    expect(list.find((v) => v.id === kept.id)!.regular_price).toBe('30.00');
    expect(list.filter((v) => v.id !== kept.id && v.id !== stray.id).every((v) => v.regular_price === '25.00' && v.stock_quantity === 3)).toBe(true);
    // The Products API sees them: the parent's variations and price range.
    const storefront = await app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${parent.id}` });
    expect(storefront.json().variations).toHaveLength(7);

    expect((await wc(app, 'POST', `/products/${parent.id}/variations/generate`, {})).body).toEqual({ count: 0 });
    const cleaned = await wc(app, 'POST', `/products/${parent.id}/variations/generate`, { delete: true });
    expect(cleaned.body).toEqual({ count: 0, deleted_count: 1 });
    expect((await wc(app, 'GET', `/products/${parent.id}/variations/${stray.id}`)).status).toBe(404);
    expect((await wc(app, 'GET', `/products/${parent.id}/variations/${kept.id}`)).status).toBe(200);
  });

  it('refuses a generation for a product that is not variable, bad default values, or a customer, and stores nothing', async () => {
    const before = app.runtime.catalog.current().variationsOf(11).length;
    expect(await wc(app, 'POST', '/products/10/variations/generate', {})).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_product_variation_invalid_parent' } });
    expect(await wc(app, 'POST', '/products/99999/variations/generate', {})).toMatchObject({ status: 404 });
    const parent = (await wc(app, 'POST', '/products', { name: 'Two sizes', type: 'variable', attributes: [{ name: 'Size', options: ['A', 'B'], variation: true }] })).body;
    expect(await wc(app, 'POST', `/products/${parent.id}/variations/generate`, { default_values: { regular_price: 'lots' } })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    // A SKU given to every new variation would repeat: the second is refused, and the first with it.
    expect(await wc(app, 'POST', `/products/${parent.id}/variations/generate`, { default_values: { sku: 'SAME' } })).toMatchObject({ status: 400, body: { code: 'product_invalid_sku' } });
    expect((await wc(app, 'GET', `/products/${parent.id}/variations`)).body).toEqual([]);
    expect((await wc(app, 'POST', `/products/${parent.id}/variations/generate`, {}, 'ada')).status).toBe(403);
    expect((await wc(app, 'POST', `/products/${parent.id}/variations/generate`, {}, null)).status).toBe(401);
    expect(app.runtime.catalog.current().variationsOf(11).length).toBe(before);
  });
});
