import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, listen } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wooClient, type WooClient } from './helpers.ts';

/**
 * Coupons (and a tax rate and a shipping zone) through the official WooCommerce JavaScript client against a
 * real listening server, as in test/admin/woocommerce-js-client.test.ts: HTTP Basic through `axiosConfig`,
 * since Cartwright does not speak the OAuth 1.0a the client uses over plain http.
 */
describe.each(DATABASES)('the official WooCommerce JS client on pricing rules (%s)', (kind) => {
  let app: FastifyInstance;
  let api: WooClient;

  beforeAll(async () => {
    app = await storeWithStaff(kind);
    api = wooClient(await listen(app), 'manager');
  });
  afterAll(() => app.close());

  it('creates, lists, retrieves, updates and deletes coupons, as in WooCommerce\'s documented examples', async () => {
    const created = await api.post('coupons', {
      code: '10off', discount_type: 'percent', amount: '10', individual_use: true, exclude_sale_items: true, minimum_amount: '100.00',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ code: '10off', discount_type: 'percent', amount: '10.00', individual_use: true, exclude_sale_items: true, minimum_amount: '100.00' });
    const id = created.data.id as number;

    const list = await api.get('coupons', { per_page: 3, orderby: 'id', order: 'asc' });
    expect(list.data).toHaveLength(3);
    expect(list.headers['x-wp-total']).toBe('7');
    expect(list.headers['x-wp-totalpages']).toBe('3');
    expect((await api.get('coupons', { code: '10OFF' })).data.map((c: { id: number }) => c.id)).toEqual([id]);
    expect((await api.get(`coupons/${id}`)).data.code).toBe('10off');

    const updated = await api.put(`coupons/${id}`, { amount: '5' });
    expect(updated.data).toMatchObject({ id, amount: '5.00' });

    const batch = await api.post('coupons/batch', {
      create: [{ code: '20off', discount_type: 'percent', amount: '20', individual_use: true, exclude_sale_items: true, minimum_amount: '100.00' }, { code: '30off', amount: '30' }],
      update: [{ id, minimum_amount: '50.00' }],
      delete: [],
    });
    expect(batch.data.create.map((c: { code: string }) => c.code)).toEqual(['20off', '30off']);
    expect(batch.data.update[0]).toMatchObject({ id, minimum_amount: '50.00' });
    const gone = await api.post('coupons/batch', { delete: batch.data.create.map((c: { id: number }) => c.id) });
    expect(gone.data.delete.map((c: { code: string }) => c.code)).toEqual(['20off', '30off']);

    expect((await api.delete(`coupons/${id}`, { force: true })).data).toMatchObject({ id, code: '10off' });
    await expect(api.get(`coupons/${id}`)).rejects.toMatchObject({
      response: { status: 404, data: { code: 'woocommerce_rest_shop_coupon_invalid_id', message: 'Invalid ID.', data: { status: 404 } } },
    });
    await expect(api.post('coupons', { code: 'save10' })).rejects.toMatchObject({ response: { status: 400, data: { code: 'woocommerce_rest_coupon_code_already_exists' } } });
  });

  it('manages a tax rate and a shipping zone with a method', async () => {
    const tax = await api.post('taxes', { country: 'US', state: 'AL', rate: '4.0000', name: 'State Tax', shipping: false });
    expect(tax.data).toMatchObject({ country: 'US', state: 'AL', rate: '4.0000', class: 'standard' });
    expect((await api.get('taxes', { class: 'standard', per_page: 100 })).data.map((t: { id: number }) => t.id)).toContain(tax.data.id);
    expect((await api.delete(`taxes/${tax.data.id}`, { force: true })).data.id).toBe(tax.data.id);

    const zone = await api.post('shipping/zones', { name: 'Brazil' });
    expect(zone.status).toBe(201);
    const locations = await api.put(`shipping/zones/${zone.data.id}/locations`, [{ code: 'BR', type: 'country' }]);
    expect(locations.data).toMatchObject([{ code: 'BR', type: 'country' }]);
    const method = await api.post(`shipping/zones/${zone.data.id}/methods`, { method_id: 'flat_rate', settings: { cost: '20.00' } });
    expect(method.data).toMatchObject({ method_id: 'flat_rate', settings: { cost: { value: '20.00' } } });
    expect((await api.get('shipping_methods')).data.map((m: { id: string }) => m.id)).toEqual(['flat_rate', 'free_shipping', 'local_pickup']);
    expect((await api.delete(`shipping/zones/${zone.data.id}`, { force: true })).data.name).toBe('Brazil');
  });
});
