import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, listen } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wooClient, type WooClient } from './helpers.ts';

/**
 * Orders through the official WooCommerce JavaScript client against a listening server, with the
 * bodies of WooCommerce's own documented examples: create, retrieve, list, update, refund, notes.
 */
describe.each(DATABASES)('orders through the official WooCommerce JS client (%s)', (kind) => {
  let app: FastifyInstance;
  let api: WooClient;

  beforeAll(async () => {
    app = await storeWithStaff(kind);
    api = wooClient(await listen(app), 'admin');
  });
  afterAll(() => app.close());

  it('creates, retrieves, lists, updates and refunds an order, and adds a note', async () => {
    const stock = (await api.get('products/10')).data.stock_quantity as number;
    const created = await api.post('orders', {
      payment_method: 'bacs',
      payment_method_title: 'Direct Bank Transfer',
      set_paid: true,
      billing: {
        first_name: 'John', last_name: 'Doe', address_1: '969 Market', address_2: '', city: 'San Francisco', state: 'CA',
        postcode: '94103', country: 'US', email: 'john.doe@example.com', phone: '(555) 555-5555',
      },
      shipping: { first_name: 'John', last_name: 'Doe', address_1: '969 Market', address_2: '', city: 'San Francisco', state: 'CA', postcode: '94103', country: 'US' },
      line_items: [{ product_id: 10, quantity: 2 }, { variation_id: 26, quantity: 1 }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat Rate', total: '10.00' }],
    });
    expect(created.status).toBe(201);
    const order = created.data;
    // 2 × 12.99 + 39.99 + 10.00 flat rate; no US tax rate applies to goods when taxes are off.
    expect(order).toMatchObject({
      status: 'processing', total: '75.97', shipping_total: '10.00', payment_method: 'bacs',
      billing: { city: 'San Francisco', email: 'john.doe@example.com' },
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat Rate', total: '10.00' }],
    });
    expect(order).not.toHaveProperty('set_paid');
    expect(order.line_items.map((l: { product_id: number; variation_id: number; quantity: number }) => [l.product_id, l.variation_id, l.quantity])).toEqual([[10, 0, 2], [24, 26, 1]]);
    expect((await api.get('products/10')).data.stock_quantity).toBe(stock - 2);

    expect((await api.get(`orders/${order.id}`)).data).toEqual(order);
    const listed = await api.get('orders', { status: 'processing', per_page: 5 });
    expect(listed.headers['x-wp-total']).toBe('1');
    expect(listed.data.map((o: { id: number }) => o.id)).toEqual([order.id]);

    const updated = await api.put(`orders/${order.id}`, { status: 'completed' });
    expect(updated.data).toMatchObject({ id: order.id, status: 'completed', date_completed: expect.any(String) });

    const refund = await api.post(`orders/${order.id}/refunds`, {
      amount: '12.99',
      reason: 'One shackle came back',
      api_refund: false,
      line_items: [{ id: order.line_items[0].id, quantity: 1, refund_total: '12.99' }],
    });
    expect(refund.status).toBe(201);
    expect(refund.data).toMatchObject({ amount: '12.99', reason: 'One shackle came back', refunded_payment: false, line_items: [{ quantity: -1 }] });
    expect((await api.get('products/10')).data.stock_quantity).toBe(stock - 1);
    expect((await api.get(`orders/${order.id}/refunds`)).data.map((r: { id: number }) => r.id)).toEqual([refund.data.id]);
    expect((await api.get(`orders/${order.id}`)).data.refunds).toEqual([{ id: refund.data.id, reason: 'One shackle came back', total: '-12.99' }]);

    const note = await api.post(`orders/${order.id}/notes`, { note: 'Order ok!!!' });
    expect(note.data).toMatchObject({ note: 'Order ok!!!', customer_note: false });

    await expect(api.get('orders/999999')).rejects.toMatchObject({
      response: { status: 404, data: { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } } },
    });
    await expect(api.post(`orders/${order.id}/refunds`, { amount: '1000.00', api_refund: false })).rejects.toMatchObject({
      response: { status: 400, data: { code: 'woocommerce_rest_cannot_create_order_refund' } },
    });
  });
});
