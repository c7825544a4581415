import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Order, OrderLine, OrderStatus } from '../../src/orders/order.ts';
import { emptyAddress } from '../../src/orders/order.ts';
import { API, ORIGIN } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { authHeaders, withUser } from '../helpers/auth.ts';

/**
 * The customer's account: their orders, a page at a time and one in full, in CoCart Plus's My Account
 * shapes, and never anyone else's. Orders are stored straight through the order store.
 */

/** 2023-11-14 22:13:20 UTC: 10:13 pm in London, which is on GMT in November. */
const T0 = 1_700_000_000;
const DAY = 86_400;

interface LineSpec {
  product: number;
  variation?: number;
  name: string;
  sku?: string;
  quantity: number;
  /** Minor units, excl. tax. */
  unit: number;
  tax?: number;
  attributes?: Record<string, string>;
  data?: Record<string, unknown>;
}

interface OrderSpec {
  status?: OrderStatus;
  at?: number;
  lines?: LineSpec[];
  /** A flat-rate shipping line of this cost. */
  shipping?: number;
  discount?: number;
  note?: string;
}

const SHACKLE: LineSpec = { product: 10, name: 'Stainless Steel Snap Shackle', sku: 'CW-SHK-001', quantity: 2, unit: 1299 };

/** A placed order as checkout would store it, for `customerId`. */
function orderOf(customerId: number, spec: OrderSpec = {}): Order {
  const lines: OrderLine[] = (spec.lines ?? [SHACKLE]).map((l) => ({
    id: 0,
    productId: l.product,
    variationId: l.variation ?? 0,
    name: l.name,
    sku: l.sku ?? '',
    quantity: l.quantity,
    variation: l.attributes ?? {},
    itemData: l.data ?? {},
    taxClass: '',
    subtotal: l.unit * l.quantity,
    subtotalTax: l.tax ?? 0,
    total: l.unit * l.quantity,
    tax: l.tax ?? 0,
    taxes: [],
    stockProductId: 0,
    reducedStock: 0,
  }));
  const goods = lines.reduce((n, l) => n + l.total + l.tax, 0);
  const shipping = spec.shipping ?? 0;
  const discount = spec.discount ?? 0;
  const at = spec.at ?? T0;
  const billing = {
    ...emptyAddress(),
    first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB',
    email: `customer${customerId}@example.org`, phone: '01632 960001',
  };
  return {
    id: 0,
    key: `wc_order_${randomBytes(8).toString('hex')}`,
    status: spec.status ?? 'processing',
    currency: 'GBP',
    pricesIncludeTax: false,
    customerId,
    billing,
    shipping: spec.shipping !== undefined ? { ...billing, email: '', phone: '' } : emptyAddress(),
    paymentMethod: 'bacs',
    paymentMethodTitle: 'Direct bank transfer',
    transactionId: '',
    customerNote: spec.note ?? '',
    createdVia: 'checkout',
    cartHash: '',
    lines,
    shippingLines:
      spec.shipping !== undefined ? [{ id: 0, rateId: 'flat_rate:1', methodId: 'flat_rate', instanceId: 1, methodTitle: 'Flat rate', total: shipping, tax: 0, taxes: [] }] : [],
    feeLines: [],
    couponLines: [],
    taxLines: [],
    totals: { discountTotal: discount, discountTax: 0, shippingTotal: shipping, shippingTax: 0, cartTax: 0, total: goods + shipping - discount, totalTax: 0 },
    createdAt: at,
    modifiedAt: at,
    paidAt: spec.status === 'processing' || spec.status === 'completed' || spec.status === undefined ? at : null,
    completedAt: null,
    stockReduced: false,
    couponUsageRecorded: false,
    holdUntil: null,
    meta: {},
  };
}

describe.each(DATABASES)('my account (%s)', (kind) => {
  let app: FastifyInstance;
  let ada = 0;
  let bob = 0;
  /** Ada's orders, oldest first. */
  const adas: Order[] = [];
  let bobs: Order;
  let draft: Order;

  const place = (order: Order) => app.runtime.orders.store.transaction((trx) => app.runtime.orders.store.insert(trx, order));
  const get = (path: string, login: string | null = 'ada') => app.inject({ url: `${API}${path}`, headers: authHeaders(login) });

  beforeAll(async () => {
    app = await createTestApp(kind);
    ada = (await withUser(app, 'customer', 'ada', { firstName: 'Ada', lastName: 'Lovelace', at: T0 - 30 * DAY })).id;
    bob = (await withUser(app, 'customer', 'bob')).id;
    await withUser(app, 'customer', 'cyd');
    // Twelve orders a day apart; the third waits for payment, the fifth is completed.
    for (let i = 0; i < 12; i++) {
      const status: OrderStatus = i === 2 ? 'pending' : i === 4 ? 'completed' : 'processing';
      adas.push(await place(orderOf(ada, { status, at: T0 + i * DAY })));
    }
    bobs = await place(orderOf(bob, { at: T0 + 5 * DAY + 60 }));
    // The checkout's draft is no order yet.
    draft = await place(orderOf(ada, { status: 'checkout-draft', at: T0 + 20 * DAY }));
  });
  afterAll(() => app.close());

  const ids = (body: { orders: { order_id: number }[] }) => body.orders.map((o) => o.order_id);
  const newestFirst = () => [...adas].reverse().map((o) => o.id);

  it('refuses guests with CoCart Plus\'s codes', async () => {
    for (const [path, code, message] of [
      ['/my-account', 'cocart_access_my_account_denied', 'You need to be logged in to view account!'],
      ['/my-account/orders', 'cocart_access_my_account_denied', 'You need to be logged in to view account!'],
      [`/my-account/orders/${adas[0].id}`, 'cocart_access_my_orders_denied', 'You are not logged in! Cannot view order.'],
    ]) {
      const r = await get(path, null);
      expect(r.statusCode, path).toBe(403);
      expect(r.json()).toEqual({ code, message, data: { status: 403 } });
    }
  });

  it('answers 404 cocart_account_no_orders to a customer who has none', async () => {
    const r = await get('/my-account/orders', 'cyd');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ code: 'cocart_account_no_orders', message: 'No order has been made yet.', data: { status: 404 } });
  });

  it('lists the customer\'s own orders, newest first, ten a page, in CoCart Plus\'s shape', async () => {
    const r = await get('/my-account/orders');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(ids(body)).toEqual(newestFirst().slice(0, 10));
    expect(body.pagination).toEqual({ next: `${ORIGIN}${API}/my-account/orders?page=2` });
    expect(r.headers['x-wp-total']).toBe('12');
    expect(r.headers['x-wp-totalpages']).toBe('2');
    const oldest = adas[0];
    expect(body.orders.find((o: { order_id: number }) => o.order_id === oldest.id)).toBeUndefined();
    const pending = adas[2];
    expect(body.orders[9]).toEqual({
      order_id: pending.id,
      order_status: 'Pending payment',
      order_date: 'November 16, 2023, 10:13 pm',
      item_count: 2,
      order_total: '£25.98',
      order_actions: {
        pay: { url: `${ORIGIN}/wp-json/cocart/v2/order-received/${pending.id}/pay?order_key=${pending.key}`, label: 'Pay' },
        view: { url: `${ORIGIN}/wp-json/cocart/v2/my-account/orders/${pending.id}`, label: 'View' },
      },
    });
    const second = await get('/my-account/orders?page=2');
    expect(second.json()).toEqual({
      orders: [
        {
          order_id: adas[1].id,
          order_status: 'Processing',
          order_date: 'November 15, 2023, 10:13 pm',
          item_count: 2,
          order_total: '£25.98',
          order_actions: { view: { url: `${ORIGIN}/wp-json/cocart/v2/my-account/orders/${adas[1].id}`, label: 'View' } },
        },
        expect.objectContaining({ order_id: oldest.id, order_date: 'November 14, 2023, 10:13 pm' }),
      ],
      pagination: { previous: `${ORIGIN}${API}/my-account/orders?page=1` },
    });
  });

  it('pages with per_page (at most 50), sorts with order, and never shows drafts or another customer\'s orders', async () => {
    const middle = (await get('/my-account/orders?per_page=5&page=2&order=ASC')).json();
    expect(ids(middle)).toEqual(adas.slice(5, 10).map((o) => o.id));
    expect(middle.pagination).toEqual({
      previous: `${ORIGIN}${API}/my-account/orders?per_page=5&page=1&order=ASC`,
      next: `${ORIGIN}${API}/my-account/orders?per_page=5&page=3&order=ASC`,
    });
    const all = await get('/my-account/orders?per_page=500');
    expect(ids(all.json())).toEqual(newestFirst());
    expect(all.json().pagination).toEqual([]);
    expect(ids(all.json())).not.toContain(draft.id);
    expect(ids(all.json())).not.toContain(bobs.id);
    const lower = await get('/my-account/orders?order=asc&per_page=2');
    expect(ids(lower.json())).toEqual([adas[0].id, adas[1].id]);
    const theirs = await get('/my-account/orders', 'bob');
    expect(ids(theirs.json())).toEqual([bobs.id]);
    // A page past the last is empty, with the way back.
    const past = (await get('/my-account/orders?page=7')).json();
    expect(past).toEqual({ orders: [], pagination: { previous: `${ORIGIN}${API}/my-account/orders?page=2` } });
    for (const bad of ['page=0', 'per_page=0', 'order=sideways']) {
      const r = await get(`/my-account/orders?${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().code).toBe('rest_invalid_param');
    }
    // An order the store owner moved to the trash is gone from the customer's account, list and page alike.
    const trashed = await place(orderOf(ada, { status: 'trash', at: T0 + 99 * DAY }));
    expect(ids((await get('/my-account/orders?per_page=500')).json())).toEqual(newestFirst());
    expect((await get(`/my-account/orders/${trashed.id}`)).statusCode).toBe(404);
    await app.runtime.orders.store.delete(trashed.id);
  });

  it("shows one of the customer's orders in full: lines, addresses, totals, notes", async () => {
    const order = await place(
      orderOf(ada, {
        status: 'processing',
        at: T0 + 30 * DAY,
        shipping: 495,
        discount: 200,
        note: 'Leave it with the harbour master.',
        lines: [
          SHACKLE,
          {
            product: 11, variation: 12, name: 'Offshore Waterproof Jacket - Red, S', sku: 'CW-JKT-OFF-RED-S', quantity: 1, unit: 12900,
            attributes: { attribute_pa_colour: 'red', attribute_pa_size: 's' }, data: { engraving: 'ADA', _internal: 'hidden' },
          },
        ],
      }),
    );
    await app.runtime.orders.store.addNote(app.runtime.database.db, { orderId: order.id, note: 'Your order is on its way.', customerNote: true, author: 'system', createdAt: T0 + 31 * DAY });
    await app.runtime.orders.store.addNote(app.runtime.database.db, { orderId: order.id, note: 'Stock checked.', customerNote: false, author: 'system', createdAt: T0 + 31 * DAY });
    const catalog = app.runtime.catalog.current();
    // Images kept on this server are paths; answers give them the request's origin.
    const image = (id: number) => `${ORIGIN}${catalog.media.get(id)!.sizes.woocommerce_thumbnail}`;

    const r = await get(`/my-account/orders/${order.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      order_id: order.id,
      order_key: order.key,
      order_number: String(order.id),
      order_parent: 0,
      order_date: 'December 14, 2023, 10:13 pm',
      order_status: 'Processing',
      order_currency: 'GBP',
      billing_address: 'Ada Lovelace, 1 Quay Street, Bristol, BS1 4XX, United Kingdom (UK)',
      shipping_address: 'Ada Lovelace, 1 Quay Street, Bristol, BS1 4XX, United Kingdom (UK)',
      phone: '01632 960001',
      email: `customer${ada}@example.org`,
      ship_to_billing: true,
      items: [
        {
          item_id: order.lines[0].id, product_id: 10, variation_id: 0, product_image: image(1), product_name: 'Stainless Steel Snap Shackle',
          product_title: 'Stainless Steel Snap Shackle', product_type: 'simple', sku: 'CW-SHK-001', quantity: '2', subtotal: '£25.98',
          purchase_note: '', refunded_qty: '0', meta: [], link: `${ORIGIN}/wp-json/cocart/v2/products/10`,
        },
        {
          item_id: order.lines[1].id, product_id: 11, variation_id: 12, product_image: image(3), product_name: 'Offshore Waterproof Jacket - Red, S',
          product_title: 'Offshore Waterproof Jacket', product_type: 'variation', sku: 'CW-JKT-OFF-RED-S', quantity: '1', subtotal: '£129.00',
          purchase_note: '', refunded_qty: '0',
          meta: {
            attribute_pa_colour: { key: 'attribute_pa_colour', value: 'red', display_key: 'Colour', display_value: 'Red' },
            attribute_pa_size: { key: 'attribute_pa_size', value: 's', display_key: 'Size', display_value: 'S' },
            engraving: { key: 'engraving', value: 'ADA', display_key: 'engraving', display_value: 'ADA' },
          },
          link: `${ORIGIN}/wp-json/cocart/v2/products/11`,
        },
      ],
      totals: {
        subtotal: { label: 'Subtotal', value: '£154.98' },
        discount: { label: 'Discount', value: '-£2.00' },
        shipping: { label: 'Shipping', value: '£4.95 via Flat rate' },
        payment_method: { label: 'Payment method', value: 'Direct bank transfer' },
        total: { label: 'Total', value: '£157.93' },
      },
      order_note: 'Leave it with the harbour master.',
      order_notes: [{ date: 'December 15, 2023, 10:13 pm', note: 'Your order is on its way.' }],
      downloads: [],
      order_actions: [],
    });
    expect(Object.keys(r.json().totals)).toEqual(['subtotal', 'discount', 'shipping', 'payment_method', 'total']);
  });

  it("answers another customer's order, a draft and an unknown id with the same 404, so ids cannot be probed", async () => {
    const answer = async (id: number) => {
      const r = await get(`/my-account/orders/${id}`);
      expect(r.statusCode).toBe(404);
      return r.json();
    };
    for (const id of [bobs.id, draft.id, 999_999]) {
      expect(await answer(id)).toEqual({ code: 'cocart_order_does_not_exist', message: `Order #${id} does not exist.`, data: { status: 404 } });
    }
    expect((await get(`/my-account/orders/${bobs.id}`, 'bob')).statusCode).toBe(200);
    expect((await get('/my-account/orders/abc')).json().code).toBe('rest_no_route');
  });

  it('offers payment for an order that waits for it, and counts refunded units out', async () => {
    const pending = adas[2];
    const one = (await get(`/my-account/orders/${pending.id}`)).json();
    expect(one.order_actions).toEqual({ pay: { url: `${ORIGIN}/wp-json/cocart/v2/order-received/${pending.id}/pay?order_key=${pending.key}`, label: 'Pay' } });

    const refunded = adas[3];
    await app.runtime.database.db
      .insertInto('order_refunds')
      .values({ order_id: refunded.id, amount: 1299, reason: 'Damaged', refunded_by: 0, refunded_payment: 0, lines: JSON.stringify([{ itemId: refunded.lines[0].id, quantity: 1, total: 1299, taxes: [] }]), created_at: T0 + 4 * DAY })
      .execute();
    const full = (await get(`/my-account/orders/${refunded.id}`)).json();
    expect(full.items[0].refunded_qty).toBe('1');
    const refundKey = Object.keys(full.totals).find((k) => k.startsWith('refund_'))!;
    expect(full.totals[refundKey]).toEqual({ label: 'Refund', value: '-£12.99' });
    const listed = (await get('/my-account/orders?per_page=50')).json().orders.find((o: { order_id: number }) => o.order_id === refunded.id);
    expect(listed.item_count).toBe(1);
  });

  it('summarises the account: details, addresses, orders, money spent on paid orders, the latest order', async () => {
    const r = await get('/my-account');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const latest = (await get('/my-account/orders?per_page=1')).json().orders[0];
    // Thirteen orders (the draft is none): eleven paid at £25.98, one pending, and the full one above at £157.93.
    expect(body).toEqual({
      user: {
        id: ada,
        date_registered: '2023-10-15T22:13:20Z',
        email: 'ada@example.org',
        first_name: 'Ada',
        last_name: 'Lovelace',
        display_name: 'ada',
        addresses: {
          billing: { first_name: 'Ada', last_name: 'Lovelace', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', email: 'ada@example.org', phone: '' },
          shipping: { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '' },
        },
        orders_count: 13,
        total_spent: '£443.71',
        is_paying_customer: true,
        avatar_url: expect.stringMatching(/^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}\?s=96/),
      },
      recent_order: { order_id: latest.order_id, order_date: latest.order_date, order_data: `${ORIGIN}/wp-json/cocart/v2/my-account/orders/${latest.order_id}` },
      meta: { is_customer_outside_base: false, is_vat_exempt: false },
      extensions: [],
    });
    const cyd = (await get('/my-account', 'cyd')).json();
    expect(cyd.user).toMatchObject({ orders_count: 0, total_spent: '£0.00', is_paying_customer: false });
    expect(cyd.recent_order).toEqual({ order_id: null, order_date: null, order_data: '' });
  });

  it('answers what the OpenAPI document says it answers', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.paths['/wp-json/cocart/v2/my-account/orders/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CustomerOrder' });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const full = (await get('/my-account/orders?per_page=1')).json().orders[0].order_id;
    for (const [name, path] of [
      ['Account', '/my-account'],
      ['CustomerOrders', '/my-account/orders'],
      ['CustomerOrders', '/my-account/orders?per_page=50'],
      ['CustomerOrder', `/my-account/orders/${full}`],
      ['CustomerOrder', `/my-account/orders/${adas[2].id}`],
    ]) {
      const validate = ajv.compile({ $ref: `doc#/components/schemas/${name}` });
      const body = (await get(path)).json();
      expect(validate(body), `${path}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
