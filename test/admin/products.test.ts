import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, getJson } from '../helpers/app.ts';
import { basicAuth, storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 products (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const count = async () => Number((await wc(app, 'GET', '/products?status=any')).res.headers['x-wp-total']);

  it('is for administrators and shop managers: 401 for guests, 403 for customers, with WooCommerce codes', async () => {
    expect(await wc(app, 'GET', '/products', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view', data: { status: 401 } } });
    expect(await wc(app, 'GET', '/products', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'POST', '/products', { name: 'X' }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect(await wc(app, 'PUT', '/products/10', { name: 'X' }, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await wc(app, 'DELETE', '/products/10?force=true', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_delete' } });
    expect(await wc(app, 'POST', '/products/batch', { delete: [10] }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_batch' } });
    expect((await wc(app, 'GET', '/products', undefined, 'manager')).status).toBe(200);
    expect((await wc(app, 'GET', '/products/10', undefined, 'ada')).status).toBe(403);
  });

  it('retrieves a product in WooCommerce\'s shape, prices as major-unit strings', async () => {
    const { status, body } = await wc(app, 'GET', '/products/10');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 10,
      name: 'Stainless Steel Snap Shackle',
      type: 'simple',
      status: 'publish',
      sku: 'CW-SHK-001',
      price: '12.99',
      regular_price: '12.99',
      sale_price: '',
      date_on_sale_from: null,
      on_sale: false,
      purchasable: true,
      manage_stock: true,
      stock_quantity: 150,
      stock_status: 'instock',
      weight: '0.06',
      dimensions: { length: '8', width: '3', height: '1.5' },
      shipping_class: 'small-parcel',
      categories: [{ id: 3, name: 'Ropes & Rigging', slug: 'ropes-rigging' }],
      downloads: [],
      download_limit: -1,
      _links: { self: [{ href: expect.stringMatching(/\/wp-json\/wc\/v3\/products\/10$/) }] },
    });
    expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(body.price_html).toContain('12.99');
    // Protected meta (keys starting with "_") stays hidden, as in WooCommerce.
    expect(body.meta_data.map((m: { key: string }) => m.key)).toEqual(['material']);
    const variable = (await wc(app, 'GET', '/products/11')).body;
    expect(variable.type).toBe('variable');
    expect(variable.variations).toHaveLength(12);
    expect(variable.attributes[0]).toMatchObject({ id: 1, name: 'Colour', variation: true, options: ['Red', 'Navy', 'Yellow'] });
    expect(variable.default_attributes).toEqual(expect.arrayContaining([{ id: 1, name: 'Colour', option: 'navy' }]));
  });

  it('answers an unknown product with 404 woocommerce_rest_product_invalid_id, and a non-numeric id with no route', async () => {
    expect(await wc(app, 'GET', '/products/99999')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.' } });
    expect((await wc(app, 'GET', '/products/abc')).status).toBe(404);
    expect((await wc(app, 'GET', '/products/99999999999999999999999')).body.code).toBe('woocommerce_rest_product_invalid_id');
  });

  it('lists with X-WP-Total, X-WP-TotalPages and Link headers', async () => {
    const first = await wc(app, 'GET', '/products?per_page=5&orderby=id&order=asc');
    expect(first.status).toBe(200);
    const total = Number(first.res.headers['x-wp-total']);
    expect(total).toBeGreaterThan(10);
    expect(first.res.headers['x-wp-totalpages']).toBe(String(Math.ceil(total / 5)));
    expect(first.res.headers.link).toMatch(/<[^>]*\/wp-json\/wc\/v3\/products\?[^>]*page=2[^>]*>; rel="next"/);
    const ids = first.body.map((p: { id: number }) => p.id);
    expect(ids.slice(0, 2)).toEqual([10, 11]);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(first.body.every((p: { type: string }) => p.type !== 'variation')).toBe(true);
    const second = await wc(app, 'GET', '/products?per_page=5&orderby=id&order=asc&page=2');
    expect(second.res.headers.link).toMatch(/rel="prev"/);
    const offset = await wc(app, 'GET', '/products?per_page=2&orderby=id&order=asc&offset=1');
    expect(offset.body.map((p: { id: number }) => p.id)).toEqual(ids.slice(1, 3));
  });

  it('filters as WooCommerce documents', async () => {
    const ids = async (query: string) => (await wc(app, 'GET', `/products?per_page=100&${query}`)).body.map((p: { id: number }) => p.id);
    expect(await ids('sku=CW-SHK-001')).toEqual([10]);
    expect(await ids('include=10,11&orderby=include')).toEqual([10, 11]);
    expect(await ids('include=10,11&exclude=11')).toEqual([10]);
    expect(await ids('type=variable')).toContain(11);
    expect((await ids('type=variable')).includes(10)).toBe(false);
    expect(await ids('category=2')).toContain(10); // a parent category includes its children's products
    expect(await ids('tag=21')).toEqual(expect.arrayContaining([10, 11]));
    expect(await ids('search=snap shackle')).toContain(10);
    expect(await ids('search=snap shackle')).not.toContain(11);
    expect(await ids('featured=true')).toContain(11);
    expect(await ids('attribute=pa_colour&attribute_term=41')).toContain(11);
    expect(await ids('min_price=12.99&max_price=12.99')).toContain(10);
    expect((await ids('min_price=13')).includes(10)).toBe(false);
    const cheapest = (await wc(app, 'GET', '/products?orderby=price&order=asc&per_page=100')).body.map((p: { price: string }) => Number(p.price || 0));
    expect(cheapest).toEqual([...cheapest].sort((a, b) => a - b));
    expect(await ids('stock_status=outofstock')).toContain(36);
    expect(await ids('status=draft')).toEqual([50]);
    expect(await ids('status=publish')).not.toContain(50);
    expect(await ids('')).toContain(50); // status defaults to any
  });

  it('refuses bad list parameters with 400 rest_invalid_param', async () => {
    for (const q of ['per_page=0', 'per_page=101', 'page=0', 'order=up', 'orderby=colour', 'status=gone', 'after=yesterday', 'min_price=cheap', 'stock_status=some']) {
      const r = await wc(app, 'GET', `/products?${q}`);
      expect([q, r.status, r.body.code]).toEqual([q, 400, 'rest_invalid_param']);
    }
  });

  it('creates a simple product from major-unit strings; the Products API and the cart see it at once', async () => {
    const created = await wc(app, 'POST', '/products', {
      name: 'Premium Quality',
      type: 'simple',
      regular_price: '21.99',
      description: 'Pellentesque habitant morbi.',
      short_description: 'Short.',
      sku: 'WC-NEW-1',
      categories: [{ id: 7 }],
      tags: [{ id: 20 }, { name: 'Brand New Tag' }],
      images: [{ src: 'https://example.org/premium.jpg', name: 'Premium', alt: 'A premium product' }],
      manage_stock: true,
      stock_quantity: 5,
      weight: '1.5',
      dimensions: { length: '10', width: '5', height: '2' },
      meta_data: [{ key: 'origin', value: 'UK' }],
      purchase_note: 'Thanks!',
    });
    expect(created.status).toBe(201);
    const p = created.body;
    expect(created.res.headers.location).toMatch(new RegExp(`/wp-json/wc/v3/products/${p.id}$`));
    expect(p).toMatchObject({
      name: 'Premium Quality',
      slug: 'premium-quality',
      price: '21.99',
      regular_price: '21.99',
      sku: 'WC-NEW-1',
      categories: [{ id: 7, slug: 'clothing' }],
      stock_quantity: 5,
      weight: '1.5',
      dimensions: { length: '10', width: '5', height: '2' },
      meta_data: [{ key: 'origin', value: 'UK' }],
      purchase_note: 'Thanks!',
      images: [{ src: 'https://example.org/premium.jpg', name: 'Premium', alt: 'A premium product' }],
    });
    expect(p.tags.map((t: { name: string }) => t.name)).toEqual(['New In', 'Brand New Tag']);
    expect((await wc(app, 'GET', `/products/${p.id}`)).body.id).toBe(p.id);

    const storefront = await getJson(app, `/wp-json/cocart/v2/products/${p.id}`);
    expect(storefront.res.statusCode).toBe(200);
    expect(storefront.body.prices.regular_price).toBe(2199);

    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: String(p.id), quantity: '2' } });
    expect(add.statusCode).toBe(200);
    expect(add.json().items[0]).toMatchObject({ id: p.id, name: 'Premium Quality', price: 2199 });

    const again = await wc(app, 'POST', '/products', { name: 'Premium Quality', regular_price: '1' });
    expect(again.body.slug).toBe('premium-quality-2');
  });

  it('a price changed through wc/v3 is the cart item\'s price on the next read', async () => {
    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '10', quantity: '1' } });
    const key = add.headers['cocart-api-cart-key'] as string;
    expect(add.json().items[0].price).toBe(1299);
    const updated = await wc(app, 'PUT', '/products/10', { regular_price: '15.50' });
    expect(updated).toMatchObject({ status: 200, body: { price: '15.50', regular_price: '15.50' } });
    const cart = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } });
    expect(cart.json().items[0].price).toBe(1550);
    const sale = await wc(app, 'PATCH', '/products/10', { sale_price: '9.99' });
    expect(sale.body).toMatchObject({ price: '9.99', sale_price: '9.99', on_sale: true });
    const onSale = await app.inject({ method: 'GET', url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } });
    expect(onSale.json().items[0].price).toBe(999);
    await wc(app, 'POST', '/products/10', { regular_price: '12.99', sale_price: '' });
    expect((await wc(app, 'GET', '/products/10')).body).toMatchObject({ price: '12.99', sale_price: '', on_sale: false });
  });

  it('updates only the fields sent', async () => {
    const before = (await wc(app, 'GET', '/products/30')).body;
    const after = (await wc(app, 'PATCH', '/products/30', { name: 'Renamed', featured: true, stock_status: 'onbackorder' })).body;
    expect(after).toMatchObject({ name: 'Renamed', featured: true, slug: before.slug, sku: before.sku, price: before.price, categories: before.categories });
    expect(Date.parse(after.date_modified_gmt + 'Z')).toBeGreaterThanOrEqual(Date.parse(before.date_modified_gmt + 'Z'));
  });

  it('refuses bad input with a 4xx and stores nothing', async () => {
    const n = await count();
    const cases: [unknown, number, string][] = [
      [{ name: 'A', regular_price: 'cheap' }, 400, 'rest_invalid_param'],
      [{ name: 'A', regular_price: '-1' }, 400, 'rest_invalid_param'],
      [{ name: 'A', sku: 'CW-SHK-001' }, 400, 'product_invalid_sku'],
      [{ name: 'A', categories: [{ id: 999 }] }, 400, 'rest_invalid_param'],
      [{ name: 'A', tags: [{ name: 'Should Not Stay' }], categories: [{ id: 999 }] }, 400, 'rest_invalid_param'],
      [{ name: 'A', status: 'gone' }, 400, 'rest_invalid_param'],
      [{ name: 'A', type: 'variation' }, 400, 'rest_invalid_param'],
      [{ name: 'A', images: [{ id: 99999 }] }, 400, 'woocommerce_product_invalid_image_id'],
      [{ name: 'A', upsell_ids: [99999] }, 400, 'rest_invalid_param'],
      [{ name: 'A', stock_quantity: 'lots', manage_stock: true }, 400, 'rest_invalid_param'],
      [{ name: 'A', date_on_sale_from: 'soon' }, 400, 'rest_invalid_param'],
      [{ name: 'A', weight: 'heavy' }, 400, 'rest_invalid_param'],
      [{ name: 'A', shipping_class: 'nope' }, 400, 'rest_invalid_param'],
      [{ name: 'A', attributes: [{ id: 999, options: ['x'] }] }, 400, 'rest_invalid_param'],
      [{ name: 'A', meta_data: [{ key: '_secret', value: 1 }] }, 400, 'rest_invalid_param'],
      [{ id: 10, name: 'A' }, 400, 'woocommerce_rest_product_exists'],
      [{ name: null }, 400, 'rest_invalid_param'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await wc(app, 'POST', '/products', payload);
      expect([payload, r.status, r.body.code]).toEqual([payload, status, code]);
    }
    expect(await count()).toBe(n);
    const tags = (await wc(app, 'GET', '/products/tags?search=Should%20Not%20Stay')).body;
    if (Array.isArray(tags)) expect(tags).toEqual([]);
    const invalidJson = await app.inject({ method: 'POST', url: '/wp-json/wc/v3/products', headers: { authorization: basicAuth('admin'), 'content-type': 'application/json' }, payload: '{"name":' });
    expect(invalidJson.statusCode).toBe(400);
  });

  it('refuses updates of unknown products (400) and of variations through /products (404)', async () => {
    expect(await wc(app, 'PUT', '/products/99999', { name: 'X' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_product_invalid_id' } });
    expect(await wc(app, 'PUT', '/products/12', { name: 'X' })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_product_id' } });
    const bad = await wc(app, 'PUT', '/products/10', { regular_price: 'x', name: 'Changed' });
    expect(bad.status).toBe(400);
    expect((await wc(app, 'GET', '/products/10')).body.name).toBe('Stainless Steel Snap Shackle');
  });

  it('moves a product to the trash without force: hidden from "any", the storefront and carts; restored by giving it a status', async () => {
    const created = (await wc(app, 'POST', '/products', { name: 'Trashable', regular_price: '4.00' })).body;
    const trashed = await wc(app, 'DELETE', `/products/${created.id}`);
    expect(trashed).toMatchObject({ status: 200, body: { id: created.id, status: 'trash' } });
    expect(await wc(app, 'DELETE', `/products/${created.id}`)).toMatchObject({ status: 410, body: { code: 'woocommerce_rest_already_trashed' } });
    const listed = async (status: string) => (await wc(app, 'GET', `/products?per_page=100&status=${status}`)).body.map((p: { id: number }) => p.id);
    expect(await listed('any')).not.toContain(created.id);
    expect(await listed('trash')).toEqual([created.id]);
    expect((await wc(app, 'GET', `/products/${created.id}`)).body.status).toBe('trash');
    expect((await getJson(app, `/wp-json/cocart/v2/products/${created.id}`)).res.statusCode).toBe(404);
    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: String(created.id), quantity: '1' } });
    expect(add.statusCode).toBe(400);

    expect(await wc(app, 'PUT', `/products/${created.id}`, { status: 'publish' })).toMatchObject({ status: 200, body: { status: 'publish' } });
    expect(await listed('any')).toContain(created.id);
    expect((await getJson(app, `/wp-json/cocart/v2/products/${created.id}`)).res.statusCode).toBe(200);
    expect(await wc(app, 'PUT', `/products/${created.id}`, { status: 'trash' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
  });

  it('deletes permanently with force=true, from the shelf or from the trash', async () => {
    const created = (await wc(app, 'POST', '/products', { name: 'Doomed', regular_price: '1.00' })).body;
    const deleted = await wc(app, 'DELETE', `/products/${created.id}?force=true`);
    expect(deleted).toMatchObject({ status: 200, body: { id: created.id, name: 'Doomed' } });
    expect((await wc(app, 'GET', `/products/${created.id}`)).status).toBe(404);
    expect((await wc(app, 'DELETE', `/products/${created.id}?force=true`)).body.code).toBe('woocommerce_rest_product_invalid_id');
    expect((await getJson(app, `/wp-json/cocart/v2/products/${created.id}`)).res.statusCode).toBe(404);
    const binned = (await wc(app, 'POST', '/products', { name: 'Binned', regular_price: '1.00' })).body;
    await wc(app, 'DELETE', `/products/${binned.id}`);
    expect(await wc(app, 'DELETE', `/products/${binned.id}?force=true`)).toMatchObject({ status: 200, body: { id: binned.id, status: 'trash' } });
    expect((await wc(app, 'GET', `/products/${binned.id}`)).status).toBe(404);
  });

  it('keeps descriptions as safe HTML: scripts, handlers and javascript: links are removed, formatting stays', async () => {
    const r = await wc(app, 'POST', '/products', {
      name: 'Tom & Jerry <Mug>',
      description: '<h2>Care</h2><p onclick="steal()">Hand <strong>wash</strong> &amp; dry.<script>alert(1)</script></p><ul><li><a href="javascript:alert(1)">x</a> <a href="https://example.org/">y</a></li></ul><iframe src="https://evil.example"></iframe>',
      short_description: '<em>Short</em><img src="x" onerror="alert(1)"><img src="https://example.org/a.png" alt="A">',
      purchase_note: '<p>Thanks <style>p{}</style></p>',
    });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('Tom & Jerry <Mug>');
    expect(r.body.description).toBe('<h2>Care</h2><p>Hand <strong>wash</strong> &amp; dry.</p><ul><li><a>x</a> <a href="https://example.org/">y</a></li></ul>');
    expect(r.body.short_description).toBe('<em>Short</em><img src="x" /><img src="https://example.org/a.png" alt="A" />');
    expect(r.body.purchase_note).toBe('<p>Thanks </p>');
    const storefront = await getJson(app, `/wp-json/cocart/v2/products/${r.body.id}`);
    expect(storefront.body.description).not.toMatch(/script|onclick|javascript:/);
  });

  it('takes purchase limits as min_quantity and max_quantity, and the Products API and the cart follow them', async () => {
    const r = await wc(app, 'POST', '/products', { name: 'Limited', regular_price: '3.00', min_quantity: 2, max_quantity: '6' });
    expect(r.body).toMatchObject({ min_quantity: 2, max_quantity: '6' });
    const storefront = await getJson(app, `/wp-json/cocart/v2/products/${r.body.id}`);
    expect(storefront.body.add_to_cart.purchase_quantity).toEqual({ min_purchase: 2, max_purchase: 6 });
    // CoCart refuses a quantity over the maximum with 405.
    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: String(r.body.id), quantity: '7' } });
    expect(add.statusCode).toBe(405);
    expect((await wc(app, 'PUT', `/products/${r.body.id}`, { max_quantity: '' })).body).toMatchObject({ min_quantity: 2, max_quantity: '' });
    for (const bad of [{ min_quantity: 'two' }, { max_quantity: '1.5' }, { min_quantity: 5, max_quantity: 3 }]) {
      expect(await wc(app, 'PUT', `/products/${r.body.id}`, bad)).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    }
    expect((await wc(app, 'GET', `/products/${r.body.id}`)).body).toMatchObject({ min_quantity: 2, max_quantity: '' });
  });

  it('duplicates a product as a draft "(Copy)" with unique SKUs and copies of its variations; the body changes the copy', async () => {
    const parent = (
      await wc(app, 'POST', '/products', {
        name: 'Sea Boot',
        type: 'variable',
        sku: 'BOOT',
        categories: [{ id: 7 }],
        attributes: [{ name: 'Size', options: ['40', '41'], variation: true }],
      })
    ).body;
    await wc(app, 'POST', `/products/${parent.id}/variations`, { regular_price: '60', sku: 'BOOT-40', attributes: [{ name: 'Size', option: '40' }] });
    const copy = await wc(app, 'POST', `/products/${parent.id}/duplicate`, {});
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({ name: 'Sea Boot (Copy)', status: 'draft', slug: 'sea-boot-copy', sku: 'BOOT-1', categories: [{ id: 7 }], total_sales: 0 });
    expect(copy.body.id).not.toBe(parent.id);
    const variations = (await wc(app, 'GET', `/products/${copy.body.id}/variations`)).body;
    expect(variations).toMatchObject([{ sku: 'BOOT-40-1', regular_price: '60.00', name: 'Sea Boot (Copy) - 40', attributes: [{ name: 'Size', option: '40' }] }]);
    expect((await wc(app, 'GET', `/products/${parent.id}/variations`)).body).toHaveLength(1);

    const again = await wc(app, 'POST', `/products/${parent.id}/duplicate`, { name: 'Sea Boot Kids', status: 'publish' });
    expect(again.body).toMatchObject({ name: 'Sea Boot Kids', status: 'publish', slug: 'sea-boot-kids', sku: 'BOOT-2' });
    expect(await wc(app, 'POST', '/products/99999/duplicate', {})).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_product_invalid_id' } });
    const before = await count();
    expect(await wc(app, 'POST', `/products/${parent.id}/duplicate`, { weight: 'heavy' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect(await count()).toBe(before);
    expect((await wc(app, 'POST', `/products/${parent.id}/duplicate`, {}, 'ada')).status).toBe(403);
  });

  it('deleting a variable product deletes its variations', async () => {
    const parent = (await wc(app, 'POST', '/products', { name: 'Parent', type: 'variable', attributes: [{ id: 2, options: ['S', 'M'], variation: true }] })).body;
    const v = (await wc(app, 'POST', `/products/${parent.id}/variations`, { regular_price: '3', attributes: [{ id: 2, option: 'S' }] })).body;
    if (v.id) {
      await wc(app, 'DELETE', `/products/${parent.id}?force=true`);
      expect(app.runtime.catalog.current().products.has(v.id)).toBe(false);
    }
  });

  it('batch: creates, updates and deletes, each item answering for itself', async () => {
    const doomed = (await wc(app, 'POST', '/products', { name: 'Batch doomed', regular_price: '1' })).body;
    const r = await wc(app, 'POST', '/products/batch', {
      create: [{ name: 'Batch one', regular_price: '2.50' }, { name: 'Batch bad', regular_price: 'nope' }],
      update: [{ id: 31, short_description: 'Batched' }, { id: 99999, name: 'x' }, { name: 'no id' }],
      delete: [doomed.id, 99999],
    });
    expect(r.status).toBe(200);
    expect(r.body.create[0]).toMatchObject({ name: 'Batch one', price: '2.50' });
    expect(r.body.create[1]).toMatchObject({ id: 0, error: { code: 'rest_invalid_param', data: { status: 400 } } });
    expect(r.body.update[0]).toMatchObject({ id: 31, short_description: 'Batched' });
    expect(r.body.update[1]).toMatchObject({ id: 99999, error: { code: 'woocommerce_rest_product_invalid_id' } });
    expect(r.body.update[2]).toMatchObject({ id: 0, error: { code: 'woocommerce_rest_product_invalid_id' } });
    expect(r.body.delete[0]).toMatchObject({ id: doomed.id, name: 'Batch doomed' });
    expect(r.body.delete[1]).toMatchObject({ id: 99999, error: { code: 'woocommerce_rest_product_invalid_id', data: { status: 404 } } });
    expect((await wc(app, 'GET', `/products/${doomed.id}`)).status).toBe(404);
    const tooMany = await wc(app, 'POST', '/products/batch', { delete: Array.from({ length: 101 }, (_, i) => i + 1) });
    expect(tooMany).toMatchObject({ status: 413, body: { code: 'woocommerce_rest_request_entity_too_large' } });
    expect((await wc(app, 'GET', '/products/10')).status).toBe(200);
  });
});
