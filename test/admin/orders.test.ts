import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { basicAuth, storeWithStaff, withUser } from '../helpers/auth.ts';
import { CARTWRIGHT } from '../helpers/api.ts';
import { applyCoupon, cartWith, chooseRate, readCart, updateCustomer } from '../api/cart/commerce-helpers.ts';
import { wc } from './helpers.ts';

/**
 * `wc/v3/orders`, `orders/{id}/notes` and `orders/{id}/refunds` through HTTP, as a store owner's tools
 * use them: orders priced exactly as the cart prices the same goods, stock and coupon usage following
 * each order's status, refunds with restocking, notes, and WooCommerce's lists and refusals.
 */

const BRISTOL = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Harbourside', city: 'Bristol', postcode: 'BS1 4DJ', country: 'GB', email: 'ada@example.org' };
const minor = (decimal: string) => Math.round(Number(decimal) * 100);

describe.each(DATABASES)('wc/v3 orders (%s)', (kind) => {
  let app: FastifyInstance;

  const stockOf = async (id: number, variation?: number): Promise<number> =>
    (await wc(app, 'GET', variation ? `/products/${id}/variations/${variation}` : `/products/${id}`)).body.stock_quantity;
  const usageOf = async (code: string): Promise<number> => (await wc(app, 'GET', `/coupons?code=${code}`)).body[0].usage_count;
  const create = async (body: object) => {
    const r = await wc(app, 'POST', '/orders', body);
    expect(r.status, r.res.body).toBe(201);
    return r.body;
  };

  beforeAll(async () => {
    app = await storeWithStaff(kind);
    const taxes = await app.inject({
      method: 'POST',
      url: '/wp-json/cocart/settings/save',
      headers: { authorization: basicAuth('admin') },
      payload: { tax: { calc_taxes: true, prices_include_tax: false, tax_based_on: 'shipping', tax_display_cart: 'excl' } },
    });
    expect(taxes.statusCode, taxes.body).toBe(200);
  });
  afterAll(() => app.close());

  it('is for administrators and shop managers only', async () => {
    expect(await wc(app, 'GET', '/orders', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'POST', '/orders', {}, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect(await wc(app, 'GET', '/orders/1/notes', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'POST', '/orders/1/refunds', { amount: '1' }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect((await wc(app, 'GET', '/orders', undefined, 'manager')).status).toBe(200);
  });

  it('creates a paid order priced exactly as the cart prices the same goods, taking the stock off the shelf', async () => {
    const shackles = await stockOf(10);
    const kits = await stockOf(29);
    const usage = await usageOf('save10');

    // The same goods, address, shipping and coupon in a shopper's cart.
    const key = await cartWith(app, [['10', 2], ['29', 1]]);
    await updateCustomer(app, key, { country: 'GB', postcode: 'BS1 4DJ', city: 'Bristol' });
    expect((await chooseRate(app, key, { key: 'flat_rate:1' })).status).toBe(200);
    expect((await applyCoupon(app, key, 'save10')).status).toBe(200);
    const cart = await readCart(app, key);
    expect(cart.totals.total_tax).toBeGreaterThan(0);

    const order = await create({
      set_paid: true,
      transaction_id: 'txn-1',
      payment_method: 'bacs',
      payment_method_title: 'Direct bank transfer',
      billing: BRISTOL,
      shipping: { ...BRISTOL, email: undefined },
      line_items: [{ product_id: 10, quantity: 2 }, { sku: 'CW-SAF-FAK', quantity: 1 }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate' }],
      coupon_lines: [{ code: 'save10' }],
      customer_note: 'Leave it with the harbour master.',
      meta_data: [{ key: 'channel', value: 'phone' }],
    });
    expect(order).toMatchObject({
      status: 'processing',
      created_via: 'rest-api',
      currency: 'GBP',
      prices_include_tax: false,
      customer_id: 0,
      transaction_id: 'txn-1',
      number: String(order.id),
      order_key: expect.stringMatching(/^wc_order_[A-Za-z0-9]{13}$/),
      date_paid: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      date_completed: null,
      needs_payment: false,
      needs_processing: true,
      is_editable: false,
      billing: { ...BRISTOL, company: '', address_2: '', state: '', phone: '' },
      customer_note: 'Leave it with the harbour master.',
      meta_data: [{ id: 1, key: 'channel', value: 'phone' }],
      refunds: [],
      cart_hash: cart.cart_hash,
    });
    expect(order).not.toHaveProperty('set_paid');
    expect(order.shipping).not.toHaveProperty('email');
    // Totals as the cart has them, in decimal strings.
    expect(minor(order.total)).toBe(cart.totals.total);
    expect(minor(order.total_tax)).toBe(cart.totals.total_tax);
    expect(minor(order.shipping_total)).toBe(cart.totals.shipping_total);
    expect(minor(order.shipping_tax)).toBe(cart.totals.shipping_tax);
    expect(minor(order.discount_total)).toBe(cart.totals.discount_total);
    expect(minor(order.cart_tax)).toBe(cart.totals.total_tax - cart.totals.shipping_tax);
    expect(order.total).toMatch(/^\d+\.\d\d$/);
    expect(order.line_items).toHaveLength(2);
    expect(order.line_items[0]).toMatchObject({ product_id: 10, variation_id: 0, quantity: 2, sku: 'CW-SHK-001', subtotal: '25.98', tax_class: '', image: { id: 1 } });
    expect(order.line_items[0].taxes).toEqual([{ id: expect.any(Number), total: order.line_items[0].total_tax, subtotal: order.line_items[0].subtotal_tax }]);
    expect(order.line_items[0].price).toBeCloseTo(Number(order.line_items[0].total) / 2, 10);
    expect(order.shipping_lines).toEqual([
      { id: expect.any(Number), method_title: 'Flat rate', method_id: 'flat_rate', instance_id: '1', total: '4.99', total_tax: '1.00', taxes: [{ id: expect.any(Number), total: '1.00', subtotal: '' }], meta_data: [] },
    ]);
    expect(order.coupon_lines).toEqual([
      expect.objectContaining({ code: 'save10', discount_type: 'percent', nominal_amount: 10, discount: order.discount_total, free_shipping: false }),
    ]);
    expect(order.tax_lines).toEqual([
      expect.objectContaining({ rate_code: 'GB-VAT-1', label: 'VAT', compound: false, rate_percent: 20, shipping_tax_total: '1.00' }),
    ]);

    // Stock and coupon usage followed the paid order.
    expect(await stockOf(10)).toBe(shackles - 2);
    expect(await stockOf(29)).toBe(kits - 1);
    expect(await usageOf('save10')).toBe(usage + 1);
    const notes = (await wc(app, 'GET', `/orders/${order.id}/notes`)).body.map((n: { note: string }) => n.note);
    expect(notes).toContain('Payment complete (txn-1).');

    expect((await wc(app, 'GET', `/orders/${order.id}`)).body).toEqual(order);
  });

  it('takes a variation with its chosen attributes, a shipping cost of the owner\'s own taxed as shipping, and fee lines', async () => {
    const order = await create({
      billing: BRISTOL,
      line_items: [{ product_id: 24, variation_id: 25, quantity: 1, meta_data: [{ key: 'pa_colour', value: 'navy' }] }],
      shipping_lines: [{ method_id: 'local_pickup', method_title: 'Collect from the chandlery', total: '2.00' }],
      fee_lines: [{ name: 'Gift wrap', total: '1.50' }, { name: 'Donation', total: '3.00', tax_status: 'none' }],
    });
    expect(order.status).toBe('pending');
    expect(order.needs_payment).toBe(true);
    expect(order.line_items[0]).toMatchObject({ product_id: 24, variation_id: 25, parent_name: 'Braided Mooring Line', sku: 'CW-MLN-10', subtotal: '24.99', subtotal_tax: '5.00' });
    expect(order.line_items[0].meta_data).toEqual([
      { id: 1, key: 'pa_length', value: '10m', display_key: 'Length', display_value: expect.any(String) },
      { id: 2, key: 'pa_colour', value: 'navy', display_key: 'Colour', display_value: expect.any(String) },
    ]);
    expect(order.shipping_lines[0]).toMatchObject({ method_id: 'local_pickup', method_title: 'Collect from the chandlery', total: '2.00', total_tax: '0.40' });
    expect(order.fee_lines).toEqual([
      expect.objectContaining({ name: 'Gift wrap', tax_status: 'taxable', total: '1.50', total_tax: '0.30' }),
      expect.objectContaining({ name: 'Donation', tax_status: 'none', total: '3.00', total_tax: '0.00' }),
    ]);
    // 24.99 + 5.00 VAT, 2.00 + 0.40 shipping, 1.50 + 0.30 and 3.00 in fees.
    expect(order.total).toBe('37.19');
  });

  it('refuses what WooCommerce refuses, storing nothing', async () => {
    const before = (await wc(app, 'GET', '/orders?status=any')).res.headers['x-wp-total'];
    expect(await wc(app, 'POST', '/orders', { line_items: [{ quantity: 1 }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_required_product_reference' } });
    expect(await wc(app, 'POST', '/orders', { line_items: [{ product_id: 999999 }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_product_id' } });
    expect(await wc(app, 'POST', '/orders', { customer_id: 999999, line_items: [{ product_id: 10 }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_customer_id' } });
    expect(await wc(app, 'POST', '/orders', { status: 'shipped', line_items: [{ product_id: 10 }] })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect(await wc(app, 'POST', '/orders', { id: 5, line_items: [{ product_id: 10 }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_shop_order_exists' } });
    expect(await wc(app, 'POST', '/orders', { line_items: [{ product_id: 10 }], coupon_lines: [{ code: 'nosuchcoupon' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_coupon' } });
    expect(await wc(app, 'POST', '/orders', { line_items: [{ product_id: 10 }], coupon_lines: [{ id: 3, code: 'save10' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_coupon_item_id_readonly' } });
    expect(await wc(app, 'POST', '/orders', { line_items: [{ product_id: 10 }], fee_lines: [{ total: '1.00' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_fee_item' } });
    expect(await wc(app, 'POST', '/orders', { line_items: [{ product_id: 10 }], shipping_lines: [{ method_title: 'Flat' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_shipping_item' } });
    expect(await wc(app, 'POST', '/orders', { billing: { email: 'not an address' }, line_items: [{ product_id: 10 }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_billing_email' } });
    // Variation 27 has 4 in stock and no backorders.
    const short = await wc(app, 'POST', '/orders', { set_paid: true, line_items: [{ variation_id: 27, quantity: 5 }] });
    expect(short.status).toBe(400);
    expect(short.body.code).toMatch(/stock/);
    expect(await stockOf(24, 27)).toBe(4);
    expect((await wc(app, 'GET', '/orders?status=any')).res.headers['x-wp-total']).toBe(before);

    expect(await wc(app, 'GET', '/orders/999999')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shop_order_invalid_id', data: { status: 404 } } });
    expect(await wc(app, 'PUT', '/orders/999999', { status: 'completed' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_shop_order_invalid_id' } });
    expect(await wc(app, 'DELETE', '/orders/999999?force=true')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shop_order_invalid_id' } });
  });

  it('moves stock and coupon usage with the status: cancelling puts both back, processing takes them again', async () => {
    const stock = await stockOf(10);
    const usage = await usageOf('save10');
    const order = await create({ status: 'on-hold', billing: BRISTOL, line_items: [{ product_id: 10, quantity: 3 }], coupon_lines: [{ code: 'save10' }] });
    expect(await stockOf(10)).toBe(stock - 3);
    expect(await usageOf('save10')).toBe(usage + 1);

    const cancelled = await wc(app, 'PUT', `/orders/${order.id}`, { status: 'cancelled' });
    expect(cancelled.status, cancelled.res.body).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await stockOf(10)).toBe(stock);
    expect(await usageOf('save10')).toBe(usage);

    const again = await wc(app, 'PATCH', `/orders/${order.id}`, { status: 'processing', billing: { phone: '0117 496 0000' }, transaction_id: 'tx-2' });
    expect(again.body).toMatchObject({ status: 'processing', transaction_id: 'tx-2', billing: { first_name: 'Ada', phone: '0117 496 0000' } });
    expect(await stockOf(10)).toBe(stock - 3);
    expect(await usageOf('save10')).toBe(usage + 1);
    const notes = (await wc(app, 'GET', `/orders/${order.id}/notes`)).body.map((n: { note: string }) => n.note);
    expect(notes).toEqual(expect.arrayContaining(['Order status changed from On hold to Cancelled.', 'Order status changed from Cancelled to Processing.']));

    expect(await wc(app, 'PUT', `/orders/${order.id}`, { status: 'shipped' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect(await wc(app, 'PUT', `/orders/${order.id}`, { line_items: [{ product_id: 10, quantity: 1 }] })).toMatchObject({ status: 400, body: { code: 'cartwright_order_items_read_only' } });
  });

  it('pays a pending order on update with set_paid, and edits addresses, note and meta', async () => {
    const order = await create({ billing: BRISTOL, line_items: [{ product_id: 10, quantity: 1 }] });
    const r = await wc(app, 'PUT', `/orders/${order.id}`, {
      set_paid: true,
      customer_note: 'Ring twice.',
      shipping: { first_name: 'Charles', country: 'GB', postcode: 'BS8 1TH' },
      meta_data: [{ key: 'channel', value: 'phone' }, { key: 'gift', value: true }],
    });
    expect(r.status, r.res.body).toBe(200);
    expect(r.body).toMatchObject({ status: 'processing', needs_payment: false, customer_note: 'Ring twice.', shipping: { first_name: 'Charles', postcode: 'BS8 1TH' } });
    expect(r.body.meta_data).toEqual([{ id: 1, key: 'channel', value: 'phone' }, { id: 2, key: 'gift', value: 'true' }]);
    const renamed = await wc(app, 'PUT', `/orders/${order.id}`, { meta_data: [{ id: 1, key: 'channel', value: 'web' }] });
    expect(renamed.body.meta_data).toEqual([{ id: 1, key: 'channel', value: 'web' }, { id: 2, key: 'gift', value: 'true' }]);
  });

  it('lists orders with paging headers, filtered by status, customer, dates and search', async () => {
    const grace = await withUser(app, 'customer', 'grace', { email: 'grace@example.org' });
    const made = [
      await create({ customer_id: grace.id, billing: { ...BRISTOL, first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.org' }, line_items: [{ product_id: 10 }] }),
      await create({ status: 'completed', billing: { ...BRISTOL, last_name: 'Zebedee' }, line_items: [{ product_id: 10 }] }),
      await create({ status: 'failed', billing: BRISTOL, line_items: [{ sku: 'CW-SAF-FAK' }] }),
    ];
    const all = await wc(app, 'GET', '/orders?per_page=2');
    const total = Number(all.res.headers['x-wp-total']);
    expect(total).toBeGreaterThanOrEqual(6);
    expect(all.res.headers['x-wp-totalpages']).toBe(String(Math.ceil(total / 2)));
    expect(all.res.headers.link).toContain('rel="next"');
    expect(all.body).toHaveLength(2);
    // The newest first.
    expect(all.body[0].id).toBe(made[2].id);
    expect((await wc(app, 'GET', '/orders?per_page=2&page=2')).res.headers.link).toContain('rel="prev"');

    const ids = (r: { body: { id: number }[] }) => r.body.map((o) => o.id);
    expect(ids(await wc(app, 'GET', '/orders?status=failed'))).toEqual([made[2].id]);
    expect(ids(await wc(app, 'GET', '/orders?status=failed,completed&orderby=id&order=asc'))).toEqual([made[1].id, made[2].id]);
    expect(ids(await wc(app, 'GET', '/orders?status[]=failed&status[]=completed&orderby=id&order=asc'))).toEqual([made[1].id, made[2].id]);
    expect(ids(await wc(app, 'GET', `/orders?customer=${grace.id}`))).toEqual([made[0].id]);
    expect((await wc(app, 'GET', `/orders/${made[0].id}`)).body._links.customer[0].href).toMatch(new RegExp(`/wc/v3/customers/${grace.id}$`));
    expect(ids(await wc(app, 'GET', '/orders?search=zebedee'))).toEqual([made[1].id]);
    expect(ids(await wc(app, 'GET', '/orders?search=GRACE@EXAMPLE'))).toEqual([made[0].id]);
    expect(ids(await wc(app, 'GET', '/orders?search=first%20aid&status=failed'))).toEqual([made[2].id]);
    expect(ids(await wc(app, 'GET', `/orders?include=${made[0].id},${made[1].id}&orderby=id&order=asc`))).toEqual([made[0].id, made[1].id]);
    expect(await wc(app, 'GET', '/orders?status=shipped')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect(await wc(app, 'GET', '/orders?per_page=101')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });

    const created = made[0].date_created_gmt as string;
    const later = new Date(Date.parse(`${created}Z`) + 3600_000).toISOString();
    const earlier = new Date(Date.parse(`${created}Z`) - 3600_000).toISOString();
    expect((await wc(app, 'GET', `/orders?after=${later}`)).body).toEqual([]);
    expect(ids(await wc(app, 'GET', `/orders?after=${earlier}&customer=${grace.id}`))).toEqual([made[0].id]);
    expect(ids(await wc(app, 'GET', `/orders?before=${later}&customer=${grace.id}`))).toEqual([made[0].id]);
  });

  it('refunds part of an order with restocking, then the rest, which refunds the order', async () => {
    const stock = await stockOf(10);
    const order = await create({ set_paid: true, payment_method: 'bacs', billing: BRISTOL, line_items: [{ product_id: 10, quantity: 3 }] });
    expect(await stockOf(10)).toBe(stock - 3);
    const line = order.line_items[0];
    const tax = line.taxes[0];

    // bacs gives no money back by itself: asking the gateway to is refused, and nothing is stored.
    const viaGateway = await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '1.00' });
    expect(viaGateway).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_cannot_create_order_refund' } });
    expect((await wc(app, 'GET', `/orders/${order.id}/refunds`)).body).toEqual([]);

    // One shackle back: £12.99 + £2.60 VAT, worked out from the line.
    const partial = await wc(app, 'POST', `/orders/${order.id}/refunds`, {
      reason: 'Damaged in transit',
      api_refund: false,
      line_items: [{ id: line.id, quantity: 1, refund_total: '12.99', refund_tax: [{ id: tax.id, refund_total: '2.60' }] }],
    });
    expect(partial.status, partial.res.body).toBe(201);
    expect(partial.res.headers.location).toMatch(new RegExp(`/wc/v3/orders/${order.id}/refunds/${partial.body.id}$`));
    expect(partial.body).toMatchObject({
      amount: '15.59', reason: 'Damaged in transit', refunded_payment: false, refunded_by: expect.any(Number),
      line_items: [{ id: line.id, product_id: 10, quantity: -1, total: '-12.99', total_tax: '-2.60', refund_total: 12.99, taxes: [{ id: tax.id, total: '-2.60', refund_total: 2.6 }] }],
    });
    expect(await stockOf(10)).toBe(stock - 2);
    const afterPartial = (await wc(app, 'GET', `/orders/${order.id}`)).body;
    expect(afterPartial.status).toBe('processing');
    expect(afterPartial.refunds).toEqual([{ id: partial.body.id, reason: 'Damaged in transit', total: '-15.59' }]);
    expect((await wc(app, 'GET', `/orders/${order.id}/refunds/${partial.body.id}`)).body).toEqual(partial.body);

    // More than is left, or nothing, is refused.
    const left = minor(order.total) - 1559;
    expect(await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: ((left + 1) / 100).toFixed(2), api_refund: false })).toMatchObject({
      status: 400, body: { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Invalid refund amount.' },
    });
    expect(await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '0', api_refund: false })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_order_refund' } });
    expect(await wc(app, 'POST', `/orders/${order.id}/refunds`, { api_refund: false, line_items: [{ id: 999999, quantity: 1, refund_total: '1' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_cannot_create_order_refund' } });
    expect(await wc(app, 'POST', `/orders/${order.id}/refunds`, { api_refund: false, line_items: [{ id: line.id, quantity: 3, refund_total: '1' }] })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_cannot_create_order_refund' } });
    expect(await wc(app, 'POST', '/orders/999999/refunds', { amount: '1', api_refund: false })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_order_id' } });

    // The rest, without restocking: the order is refunded, and its status puts the units it still holds back.
    const rest = await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: (left / 100).toFixed(2), api_refund: false, api_restock: false });
    expect(rest.status, rest.res.body).toBe(201);
    const refunded = (await wc(app, 'GET', `/orders/${order.id}`)).body;
    expect(refunded.status).toBe('refunded');
    expect(refunded.refunds.map((r: { id: number }) => r.id)).toEqual([rest.body.id, partial.body.id]);
    expect(await stockOf(10)).toBe(stock);
    const list = await wc(app, 'GET', `/orders/${order.id}/refunds?per_page=1`);
    expect(list.res.headers['x-wp-total']).toBe('2');
    expect(list.body.map((r: { id: number }) => r.id)).toEqual([rest.body.id]);
    expect(await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '0.01', api_refund: false })).toMatchObject({ status: 400, body: { message: 'Invalid refund amount.' } });

    expect(await wc(app, 'DELETE', `/orders/${order.id}/refunds/${rest.body.id}?force=false`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/orders/${order.id}/refunds/${rest.body.id}`)).body.id).toBe(rest.body.id);
    expect(await wc(app, 'GET', `/orders/${order.id}/refunds/${rest.body.id}`)).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_order_refund_id' } });
  });

  it('refunds through a gateway that can, and keeps nothing when the gateway says no', async () => {
    const asked: { amount: number; reason: string; key: string }[] = [];
    let answer: { ok: true; reference: string } | { ok: false; message: string } = { ok: true, reference: 're_123' };
    app.runtime.payments.register({
      id: 'test-card', supports: ['products', 'refunds'], title: () => 'Test card', description: () => '', enabled: () => true, available: () => true,
      process: async () => ({ status: 'success', orderStatus: 'processing' }),
      refund: async (_order, amount, reason, key) => {
        asked.push({ amount, reason, key });
        return answer;
      },
    });
    const order = await create({ set_paid: true, payment_method: 'test-card', billing: BRISTOL, line_items: [{ product_id: 10 }] });
    const ok = await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '5.00', reason: 'Goodwill' });
    expect(ok.status, ok.res.body).toBe(201);
    expect(ok.body).toMatchObject({ amount: '5.00', refunded_payment: true });
    expect(asked).toEqual([{ amount: 500, reason: 'Goodwill', key: `cartwright-refund-${order.id}-0-500` }]);

    answer = { ok: false, message: 'Charge already refunded.' };
    const refused = await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '1.00' });
    expect(refused).toMatchObject({ status: 500, body: { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Charge already refunded.' } });
    // Asked again, the provider sees the same request (its idempotency key), not a second refund.
    await wc(app, 'POST', `/orders/${order.id}/refunds`, { amount: '1.00' });
    expect(asked.slice(1).map((a) => a.key)).toEqual([`cartwright-refund-${order.id}-500-100`, `cartwright-refund-${order.id}-500-100`]);
    expect((await wc(app, 'GET', `/orders/${order.id}/refunds`)).body.map((r: { id: number }) => r.id)).toEqual([ok.body.id]);
  });

  it('keeps notes: customer-facing or private, signed by the caller or the system; deleted only with force', async () => {
    const order = await create({ billing: BRISTOL, line_items: [{ product_id: 10 }] });
    const other = await create({ billing: BRISTOL, line_items: [{ product_id: 10 }] });
    const added = await wc(app, 'POST', `/orders/${order.id}/notes`, { note: 'Your parcel is on its way.', customer_note: true, added_by_user: true });
    expect(added.status, added.res.body).toBe(201);
    expect(added.res.headers.location).toMatch(new RegExp(`/orders/${order.id}/notes/${added.body.id}$`));
    expect(added.body).toMatchObject({ note: 'Your parcel is on its way.', customer_note: true, author: 'admin', date_created: expect.any(String) });
    const internal = await wc(app, 'POST', `/orders/${order.id}/notes`, { note: 'Checked the address by phone.' });
    expect(internal.body).toMatchObject({ customer_note: false, author: 'system' });

    expect((await wc(app, 'GET', `/orders/${order.id}/notes?type=customer`)).body.map((n: { id: number }) => n.id)).toEqual([added.body.id]);
    const internals = (await wc(app, 'GET', `/orders/${order.id}/notes?type=internal`)).body;
    expect(internals.map((n: { id: number }) => n.id)).toContain(internal.body.id);
    expect(internals.every((n: { customer_note: boolean }) => !n.customer_note)).toBe(true);
    expect((await wc(app, 'GET', `/orders/${order.id}/notes/${added.body.id}`)).body).toEqual(added.body);

    expect(await wc(app, 'POST', `/orders/${order.id}/notes`, {})).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect(await wc(app, 'GET', `/orders/${other.id}/notes/${added.body.id}`)).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_id' } });
    expect(await wc(app, 'GET', '/orders/999999/notes')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shop_order_invalid_id' } });
    expect(await wc(app, 'POST', '/orders/999999/notes', { note: 'x' })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_order_invalid_id' } });
    expect(await wc(app, 'DELETE', `/orders/${order.id}/notes/${added.body.id}`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/orders/${order.id}/notes/${added.body.id}?force=true`)).body.id).toBe(added.body.id);
    expect((await wc(app, 'GET', `/orders/${order.id}/notes/${added.body.id}`)).status).toBe(404);
  });

  it('moves an order to the trash, then deletes it for good, putting its stock back', async () => {
    const stock = await stockOf(10);
    const order = await create({ set_paid: true, billing: BRISTOL, line_items: [{ product_id: 10, quantity: 2 }] });
    expect(await stockOf(10)).toBe(stock - 2);

    const trashed = await wc(app, 'DELETE', `/orders/${order.id}`);
    expect(trashed.status, trashed.res.body).toBe(200);
    // The answer is the order as it was.
    expect(trashed.body).toMatchObject({ id: order.id, status: 'processing' });
    expect((await wc(app, 'GET', `/orders/${order.id}`)).body.status).toBe('trash');
    expect((await wc(app, 'GET', '/orders?per_page=100')).body.map((o: { id: number }) => o.id)).not.toContain(order.id);
    expect((await wc(app, 'GET', '/orders?status=trash')).body.map((o: { id: number }) => o.id)).toContain(order.id);
    expect(await wc(app, 'DELETE', `/orders/${order.id}`)).toMatchObject({ status: 410, body: { code: 'woocommerce_rest_already_trashed' } });

    const deleted = await wc(app, 'DELETE', `/orders/${order.id}?force=true`);
    expect(deleted.body).toMatchObject({ id: order.id, status: 'trash' });
    expect(await stockOf(10)).toBe(stock);
    expect((await wc(app, 'GET', `/orders/${order.id}`)).status).toBe(404);
  });

  it('creates, updates and deletes in one batch, each item on its own', async () => {
    const target = await create({ billing: BRISTOL, line_items: [{ product_id: 10 }] });
    const doomed = await create({ billing: BRISTOL, line_items: [{ product_id: 10 }] });
    const r = await wc(app, 'POST', '/orders/batch', {
      create: [{ billing: BRISTOL, line_items: [{ sku: 'CW-SAF-FAK', quantity: 1 }] }, { line_items: [{ product_id: 999999 }] }],
      update: [{ id: target.id, status: 'on-hold' }, { id: 999999, status: 'completed' }],
      delete: [doomed.id],
    });
    expect(r.status, r.res.body).toBe(200);
    expect(r.body.create[0]).toMatchObject({ status: 'pending', line_items: [{ sku: 'CW-SAF-FAK' }] });
    expect(r.body.create[1]).toMatchObject({ id: 0, error: { code: 'woocommerce_rest_invalid_product_id', data: { status: 400 } } });
    expect(r.body.update[0]).toMatchObject({ id: target.id, status: 'on-hold' });
    expect(r.body.update[1]).toMatchObject({ id: 999999, error: { code: 'woocommerce_rest_shop_order_invalid_id' } });
    expect(r.body.delete[0]).toMatchObject({ id: doomed.id });
    expect((await wc(app, 'GET', `/orders/${doomed.id}`)).status).toBe(404);
  });

  it('counts orders by status in the system status', async () => {
    const r = await app.inject({ url: `${CARTWRIGHT}/system-status`, headers: { authorization: basicAuth('manager') } });
    expect(r.statusCode).toBe(200);
    const { orders } = r.json();
    const listed = async (status: string) => Number((await wc(app, 'GET', `/orders?status=${status}`)).res.headers['x-wp-total']);
    expect(orders.processing).toBe(await listed('processing'));
    expect(orders.pending).toBe(await listed('pending'));
    expect(orders.refunded).toBe(1);
    expect(Object.keys(orders)).toEqual(expect.arrayContaining(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash']));
  });
});
