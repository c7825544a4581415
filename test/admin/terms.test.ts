import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 categories, tags, shipping classes, attributes and their terms (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  it('is for staff only, for every resource', async () => {
    for (const path of ['/products/categories', '/products/tags', '/products/shipping_classes', '/products/attributes', '/products/attributes/1/terms']) {
      expect([path, (await wc(app, 'GET', path, undefined, null)).body.code]).toEqual([path, 'woocommerce_rest_cannot_view']);
      expect([path, (await wc(app, 'POST', path, { name: 'X' }, 'ada')).status]).toEqual([path, 403]);
      expect([path, (await wc(app, 'GET', path, undefined, 'manager')).status]).toEqual([path, 200]);
    }
  });

  it('lists categories by name with paging headers, and filters by parent, product, search and slug', async () => {
    const r = await wc(app, 'GET', '/products/categories?per_page=3');
    expect(r.res.headers['x-wp-total']).toBe('13');
    expect(r.res.headers['x-wp-totalpages']).toBe('5');
    expect(r.res.headers.link).toMatch(/rel="next"/);
    expect(r.body.map((t: { name: string }) => t.name)).toEqual(['Accessories', 'Boating', 'Books & Courses']);
    expect(r.body[1]).toMatchObject({ id: 2, slug: 'boating', parent: 0, display: 'both', image: { id: 41 }, menu_order: 1, count: expect.any(Number) });
    const children = (await wc(app, 'GET', '/products/categories?parent=2&orderby=id')).body.map((t: { id: number }) => t.id);
    expect(children).toEqual([3, 4, 6]);
    expect((await wc(app, 'GET', '/products/categories?product=10')).body.map((t: { id: number }) => t.id)).toEqual([3]);
    expect((await wc(app, 'GET', '/products/categories?search=boat')).body.map((t: { id: number }) => t.id)).toEqual([2]);
    expect((await wc(app, 'GET', '/products/categories?slug=gifts')).body.map((t: { id: number }) => t.id)).toEqual([13]);
    expect((await wc(app, 'GET', '/products/tags/21')).body).toEqual({
      id: 21, name: 'Bestseller', slug: 'bestseller', description: '', count: expect.any(Number), _links: expect.any(Object),
    });
    expect(await wc(app, 'GET', '/products/categories/21')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_term_invalid' } });
  });

  it('creates, updates and deletes a category; products and children follow', async () => {
    const parent = await wc(app, 'POST', '/products/categories', { name: 'Kayaking', description: 'Paddles', display: 'products', image: { src: 'https://example.org/kayak.jpg' } });
    expect(parent.status).toBe(201);
    expect(parent.res.headers.location).toMatch(new RegExp(`/wc/v3/products/categories/${parent.body.id}$`));
    expect(parent.body).toMatchObject({ name: 'Kayaking', slug: 'kayaking', parent: 0, display: 'products', image: { src: 'https://example.org/kayak.jpg' }, count: 0 });
    const child = (await wc(app, 'POST', '/products/categories', { name: 'Paddles', parent: parent.body.id })).body;
    expect(child).toMatchObject({ parent: parent.body.id, _links: { up: [{ href: expect.stringContaining(`/categories/${parent.body.id}`) }] } });
    expect(await wc(app, 'POST', '/products/categories', { name: 'kayaking' })).toMatchObject({ status: 400, body: { code: 'term_exists', data: { resource_id: parent.body.id } } });
    expect(await wc(app, 'POST', '/products/categories', { name: 'Other', slug: 'kayaking' })).toMatchObject({ status: 400, body: { code: 'duplicate_term_slug' } });
    expect(await wc(app, 'POST', '/products/categories', { name: 'Orphan', parent: 99999 })).toMatchObject({ status: 400, body: { code: 'missing_parent' } });
    expect(await wc(app, 'POST', '/products/categories', {})).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect(await wc(app, 'POST', '/products/categories', { name: '  ' })).toMatchObject({ status: 400, body: { code: 'empty_term_name' } });
    expect(await wc(app, 'PUT', `/products/categories/${parent.body.id}`, { parent: child.id })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });

    const product = (await wc(app, 'POST', '/products', { name: 'Carbon Paddle', regular_price: '89', categories: [{ id: child.id }] })).body;
    expect((await wc(app, 'GET', `/products/categories/${child.id}`)).body.count).toBe(1);
    const renamed = await wc(app, 'PATCH', `/products/categories/${child.id}`, { name: 'Kayak Paddles', slug: 'kayak-paddles' });
    expect(renamed.body).toMatchObject({ name: 'Kayak Paddles', slug: 'kayak-paddles' });
    expect((await wc(app, 'GET', `/products/${product.id}`)).body.categories).toEqual([{ id: child.id, name: 'Kayak Paddles', slug: 'kayak-paddles' }]);

    expect(await wc(app, 'DELETE', `/products/categories/${parent.body.id}`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/products/categories/${parent.body.id}?force=true`)).body.id).toBe(parent.body.id);
    expect((await wc(app, 'GET', `/products/categories/${child.id}`)).body.parent).toBe(0);
    expect((await wc(app, 'DELETE', `/products/categories/${child.id}?force=true`)).status).toBe(200);
    expect((await wc(app, 'GET', `/products/${product.id}`)).body.categories).toEqual([]);
  });

  it('tags are not hierarchical', async () => {
    expect(await wc(app, 'POST', '/products/tags', { name: 'Child', parent: 20 })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_taxonomy_not_hierarchical' } });
    const tag = (await wc(app, 'POST', '/products/tags', { name: 'Limited' })).body;
    expect(tag).toMatchObject({ name: 'Limited', slug: 'limited', count: 0 });
    const batch = await wc(app, 'POST', '/products/tags/batch', { create: [{ name: 'A tag' }, { name: 'Limited' }], update: [{ id: tag.id, description: 'While stocks last' }], delete: [99999] });
    expect(batch.body.create[0]).toMatchObject({ name: 'A tag' });
    expect(batch.body.create[1]).toMatchObject({ id: 0, error: { code: 'term_exists' } });
    expect(batch.body.update[0]).toMatchObject({ description: 'While stocks last' });
    expect(batch.body.delete[0]).toMatchObject({ id: 99999, error: { code: 'woocommerce_rest_term_invalid' } });
  });

  it('shipping classes are product_shipping_class terms that products name by slug', async () => {
    const cls = await wc(app, 'POST', '/products/shipping_classes', { name: 'Oversize', description: 'Needs a pallet' });
    expect(cls.status).toBe(201);
    expect(cls.body).toEqual({ id: cls.body.id, name: 'Oversize', slug: 'oversize', description: 'Needs a pallet', count: 0, _links: expect.any(Object) });
    expect(app.runtime.catalog.current().terms.get(cls.body.id)?.taxonomy).toBe('product_shipping_class');
    const product = (await wc(app, 'POST', '/products', { name: 'Dinghy', regular_price: '900', shipping_class: 'oversize' })).body;
    expect(product).toMatchObject({ shipping_class: 'oversize', shipping_class_id: cls.body.id });
    expect((await wc(app, 'GET', `/products/shipping_classes/${cls.body.id}`)).body.count).toBe(1);
    expect((await wc(app, 'GET', `/products?shipping_class=${cls.body.id}`)).body.map((p: { id: number }) => p.id)).toEqual([product.id]);
    await wc(app, 'PUT', `/products/shipping_classes/${cls.body.id}`, { slug: 'pallet' });
    expect((await wc(app, 'GET', `/products/${product.id}`)).body).toMatchObject({ shipping_class: 'pallet', shipping_class_id: cls.body.id });
    await wc(app, 'DELETE', `/products/shipping_classes/${cls.body.id}?force=true`);
    expect((await wc(app, 'GET', `/products/${product.id}`)).body).toMatchObject({ shipping_class: '', shipping_class_id: 0 });
  });

  it('attributes: list (unpaged), create, update, delete; slug rules give WooCommerce\'s errors', async () => {
    const list = await wc(app, 'GET', '/products/attributes');
    expect(list.res.headers['x-wp-total']).toBe('3');
    expect(list.res.headers['x-wp-totalpages']).toBe('1');
    expect(list.body[0]).toMatchObject({ id: 1, name: 'Colour', slug: 'pa_colour', type: 'select', order_by: 'menu_order', has_archives: false });
    const created = await wc(app, 'POST', '/products/attributes', { name: 'Brand', has_archives: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Brand', slug: 'pa_brand', has_archives: true });
    expect(await wc(app, 'POST', '/products/attributes', { name: 'Brand again', slug: 'brand' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_cannot_create', message: 'Slug "brand" is already in use. Change it, please.' } });
    expect((await wc(app, 'POST', '/products/attributes', { name: 'Type', slug: 'type' })).body.message).toMatch(/reserved term/);
    expect((await wc(app, 'POST', '/products/attributes', { name: 'x'.repeat(40) })).body.message).toMatch(/too long/);
    expect((await wc(app, 'POST', '/products/attributes', { name: 'Odd', type: 'text' })).body.code).toBe('rest_invalid_param');
    expect(await wc(app, 'GET', '/products/attributes/999')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_attribute_invalid' } });
    expect(await wc(app, 'PUT', '/products/attributes/999', { name: 'x' })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_taxonomy_invalid' } });
    expect((await wc(app, 'DELETE', `/products/attributes/${created.body.id}`)).status).toBe(501);
    expect((await wc(app, 'DELETE', `/products/attributes/${created.body.id}?force=true`)).body.id).toBe(created.body.id);
    expect((await wc(app, 'GET', '/products/attributes')).body).toHaveLength(3);
  });

  it('attribute terms: CRUD, and renaming a term or its attribute keeps products and carts working', async () => {
    expect(await wc(app, 'GET', '/products/attributes/999/terms')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_taxonomy_invalid' } });
    const terms = await wc(app, 'GET', '/products/attributes/1/terms?orderby=id');
    expect(terms.res.headers['x-wp-total']).toBe('5');
    expect(terms.body[0]).toMatchObject({ id: 40, name: 'Red', slug: 'red', menu_order: 0, count: expect.any(Number) });
    const teal = await wc(app, 'POST', '/products/attributes/1/terms', { name: 'Teal', menu_order: 9 });
    expect(teal.status).toBe(201);
    expect(teal.res.headers.location).toMatch(new RegExp(`/products/attributes/1/terms/${teal.body.id}$`));
    expect(await wc(app, 'GET', `/products/attributes/2/terms/${teal.body.id}`)).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_term_invalid' } });

    // Rename "Navy" (used by the jacket and its variations) to "Midnight" / "midnight".
    const renamed = await wc(app, 'PUT', '/products/attributes/1/terms/41', { name: 'Midnight', slug: 'midnight' });
    expect(renamed.body).toMatchObject({ name: 'Midnight', slug: 'midnight' });
    const jacket = (await wc(app, 'GET', '/products/11')).body;
    expect(jacket.attributes[0].options).toEqual(['Red', 'Midnight', 'Yellow']);
    expect(jacket.default_attributes).toContainEqual({ id: 1, name: 'Colour', option: 'midnight' });
    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '11', quantity: '1', variation: { attribute_pa_colour: 'midnight', attribute_pa_size: 'm' } } });
    expect(add.statusCode).toBe(200);

    // Rename the attribute itself: pa_colour → pa_shade.
    const attr = await wc(app, 'PUT', '/products/attributes/1', { name: 'Shade', slug: 'shade' });
    expect(attr.body).toMatchObject({ name: 'Shade', slug: 'pa_shade' });
    expect((await wc(app, 'GET', '/products/attributes/1/terms/41')).body.slug).toBe('midnight');
    const after = (await wc(app, 'GET', '/products/11')).body;
    expect(after.attributes[0]).toMatchObject({ id: 1, name: 'Shade', slug: 'pa_shade' });
    const variation = (await wc(app, 'GET', '/products/11/variations/15')).body;
    expect(variation.attributes[0]).toMatchObject({ id: 1, name: 'Shade' });
    const addShade = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '11', quantity: '1', variation: { attribute_pa_shade: 'midnight', attribute_pa_size: 'm' } } });
    expect(addShade.statusCode).toBe(200);

    expect((await wc(app, 'DELETE', `/products/attributes/1/terms/${teal.body.id}?force=true`)).status).toBe(200);
    expect((await wc(app, 'POST', '/products/attributes/1/terms/batch', { create: [{ name: 'Olive' }], delete: [teal.body.id] })).body).toMatchObject({
      create: [{ name: 'Olive', slug: 'olive' }],
      delete: [{ id: teal.body.id, error: { code: 'woocommerce_rest_term_invalid' } }],
    });
  });
});
