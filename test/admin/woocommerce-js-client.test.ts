import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, listen } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wooClient, type WooClient } from './helpers.ts';

/**
 * A store-administration client using the official WooCommerce JavaScript client against a real
 * listening server. Over plain http the client signs requests with OAuth 1.0a, which Cartwright does
 * not speak; its documented `axiosConfig` override adds HTTP Basic credentials instead (what the
 * client itself sends over https with `queryStringAuth: false`).
 */
describe.each(DATABASES)('the official WooCommerce JS client (%s)', (kind) => {
  let app: FastifyInstance;
  let url: string;
  let api: WooClient;

  const client = (login: string | null) => wooClient(url, login);

  beforeAll(async () => {
    app = await storeWithStaff(kind);
    url = await listen(app);
    api = client('admin');
  });
  afterAll(() => app.close());

  it('lists products with WooCommerce\'s paging headers', async () => {
    const r = await api.get('products', { per_page: 5, orderby: 'id', order: 'asc' });
    expect(r.status).toBe(200);
    expect(r.data).toHaveLength(5);
    expect(r.data[0]).toMatchObject({ id: 10, price: '12.99' });
    expect(Number(r.headers['x-wp-total'])).toBeGreaterThan(5);
    expect(r.headers['x-wp-totalpages']).toBe(String(Math.ceil(Number(r.headers['x-wp-total']) / 5)));
    expect(r.headers.link).toContain('rel="next"');
  });

  it('creates, retrieves, updates and deletes a product, as in WooCommerce\'s documented examples', async () => {
    const created = await api.post('products', {
      name: 'Premium Quality',
      type: 'simple',
      regular_price: '21.99',
      description: 'Pellentesque habitant morbi tristique senectus et netus.',
      short_description: 'Pellentesque habitant morbi.',
      categories: [{ id: 7 }, { id: 11 }],
      images: [{ src: 'https://example.org/T_2_front.jpg' }, { src: 'https://example.org/T_2_back.jpg' }],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'Premium Quality', price: '21.99', categories: [{ id: 7 }, { id: 11 }] });
    expect(created.data.images).toHaveLength(2);
    const id = created.data.id as number;

    expect((await api.get(`products/${id}`)).data.slug).toBe('premium-quality');
    const updated = await api.put(`products/${id}`, { regular_price: '24.54' });
    expect(updated.data).toMatchObject({ id, regular_price: '24.54', price: '24.54' });

    // The storefront sees the new price at once, in minor units.
    const add = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: String(id), quantity: 1 } });
    expect(add.json().items[0].price).toBe(2454);

    const deleted = await api.delete(`products/${id}`, { force: true });
    expect(deleted.data).toMatchObject({ id, name: 'Premium Quality' });
    await expect(api.get(`products/${id}`)).rejects.toMatchObject({
      response: { status: 404, data: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } } },
    });
  });

  it('batch-updates products and manages categories and variations', async () => {
    const batch = await api.post('products/batch', {
      create: [{ name: 'Woo Single #1', type: 'simple', regular_price: '21.99' }],
      update: [{ id: 10, default_attributes: [], sale_price: '10.00' }],
    });
    expect(batch.data.create[0]).toMatchObject({ name: 'Woo Single #1', price: '21.99' });
    expect(batch.data.update[0]).toMatchObject({ id: 10, price: '10.00', on_sale: true });
    const del = await api.post('products/batch', { delete: [batch.data.create[0].id] });
    expect(del.data.delete[0].id).toBe(batch.data.create[0].id);

    const category = await api.post('products/categories', { name: 'Clothing accessories', image: { src: 'https://example.org/cat.jpg' } });
    expect(category.status).toBe(201);
    expect((await api.get('products/categories', { search: 'accessories' })).data.map((c: { id: number }) => c.id)).toContain(category.data.id);

    const variations = await api.get('products/11/variations', { per_page: 3 });
    expect(variations.data).toHaveLength(3);
    expect(variations.headers['x-wp-total']).toBe('12');
    const variation = await api.put(`products/11/variations/${variations.data[0].id}`, { regular_price: '130.00' });
    expect(variation.data.regular_price).toBe('130.00');

    const shipping = await api.post('products/shipping_classes', { name: 'Priority' });
    expect(shipping.data.slug).toBe('priority');
    const attributes = await api.get('products/attributes');
    expect(attributes.data.map((a: { slug: string }) => a.slug)).toEqual(['pa_colour', 'pa_size', 'pa_length']);
  });

  it('surfaces refusals as rejected requests with WooCommerce codes', async () => {
    await expect(client(null).get('products')).rejects.toMatchObject({ response: { status: 401, data: { code: 'woocommerce_rest_cannot_view' } } });
    await expect(client('ada').post('products', { name: 'Nope' })).rejects.toMatchObject({ response: { status: 403, data: { code: 'woocommerce_rest_cannot_create' } } });
    await expect(api.post('products', { name: 'Bad', regular_price: 'free' })).rejects.toMatchObject({ response: { status: 400, data: { code: 'rest_invalid_param' } } });
  });
});
