import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { GBP } from '../../helpers/api.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, getCart, itemById, newCart, ok } from './helpers.ts';

/** The cart object, field selection and money formats (docs/wire-contract.md: #cart-object, #field-selection, #money). */

const CART_KEYS = [
  'cart_hash', 'cart_key', 'currency', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'needs_payment', 'needs_shipping',
  'shipping', 'fees', 'taxes', 'totals', 'removed_items', 'cross_sells', 'notices',
];
const ITEM_KEYS = [
  'item_key', 'id', 'name', 'title', 'price', 'quantity', 'totals', 'slug', 'meta', 'backorders', 'cart_item_data', 'featured_image', 'extensions',
];
const TOTALS_KEYS = [
  'subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax',
];
const TOTALS_NO_FEES_NO_SHIPPING = ['subtotal', 'subtotal_tax', 'discount_total', 'discount_tax', 'total', 'total_tax'];
const BILLING_KEYS = [
  'billing_first_name', 'billing_last_name', 'billing_company', 'billing_country', 'billing_address_1', 'billing_address_2', 'billing_city',
  'billing_state', 'billing_postcode', 'billing_phone', 'billing_email',
];
const SHIPPING_KEYS = [
  'shipping_first_name', 'shipping_last_name', 'shipping_company', 'shipping_country', 'shipping_address_1', 'shipping_address_2',
  'shipping_city', 'shipping_state', 'shipping_postcode',
];
const CROSS_SELL_KEYS = ['id', 'name', 'title', 'slug', 'price', 'regular_price', 'sale_price', 'image', 'average_rating', 'on_sale', 'type'];

describe.each(DATABASES)('cart response (%s)', (kind) => {
  let app: FastifyInstance;
  /** 3 × 10 and 2 × 17 (navy M jacket). */
  let key: string;

  beforeAll(async () => {
    app = await createTestApp(kind);
    key = (await newCart(app, { id: '10', quantity: '3' })).key;
    ok(await addItem(app, { id: '17', quantity: '2' }, key));
  });
  afterAll(() => app.close());

  const get = async (query = '') => ok(await getCart(app, key, query));

  describe('shape', () => {
    it('the cart object has exactly the CoCart keys, in order', async () => {
      const cart = await get();
      expect(Object.keys(cart)).toEqual(CART_KEYS);
      expect(cart.cart_hash).toMatch(/^[0-9a-f]{32}$/);
      expect(cart.cart_key).toBe(key);
      expect(cart.currency).toEqual(GBP);
      expect(Object.keys(cart.customer)).toEqual(['billing_address', 'shipping_address']);
      expect(Object.keys(cart.customer.billing_address)).toEqual(BILLING_KEYS);
      expect(Object.keys(cart.customer.shipping_address)).toEqual(SHIPPING_KEYS);
      expect(Object.keys(cart.totals)).toEqual(TOTALS_KEYS);
      expect(cart).toMatchObject({ item_count: 5, needs_payment: true, needs_shipping: true, coupons: [] });
      expect(cart.totals).toMatchObject({ subtotal: 3 * 1299 + 2 * 12900, total: 3 * 1299 + 2 * 12900 });
    });

    it('an item object has the CoCart keys in order; a variation carries its attribute labels', async () => {
      const cart = await get();
      for (const item of cart.items) {
        expect(Object.keys(item)).toEqual(ITEM_KEYS);
        expect(Object.keys(item.quantity)).toEqual(['value', 'min_purchase', 'max_purchase']);
        expect(Object.keys(item.totals)).toEqual(['subtotal', 'subtotal_tax', 'total', 'tax']);
        expect(Object.keys(item.meta)).toEqual(['product_type', 'sku', 'dimensions', 'weight', 'variation']);
        expect(Object.keys(item.meta.dimensions)).toEqual(['length', 'width', 'height', 'unit']);
      }
      expect(itemById(cart, 17)).toEqual({
        item_key: expect.stringMatching(/^[0-9a-f]{32}$/),
        id: 17,
        name: 'Offshore Waterproof Jacket - Navy, M',
        title: 'Offshore Waterproof Jacket',
        price: 12900,
        quantity: { value: 2, min_purchase: 1, max_purchase: 15 },
        totals: { subtotal: 25800, subtotal_tax: 0, total: 25800, tax: 0 },
        slug: 'offshore-waterproof-jacket',
        meta: {
          product_type: 'variation',
          sku: 'CW-JKT-OFF-NAVY-M',
          dimensions: { length: '40', width: '30', height: '8', unit: 'cm' },
          weight: 1.8,
          variation: { Colour: 'Navy', Size: 'M' },
        },
        backorders: '',
        cart_item_data: [],
        featured_image: 'https://picsum.photos/seed/cartwright-jacket-navy/300/300',
        extensions: [],
      });
    });

    it('a simple item: its own values, meta.variation and the other empty maps are []', async () => {
      const item = itemById(await get(), 10);
      expect(item).toMatchObject({
        id: 10,
        name: 'Stainless Steel Snap Shackle',
        title: 'Stainless Steel Snap Shackle',
        price: 1299,
        quantity: { value: 3, min_purchase: 1, max_purchase: 150 },
        totals: { subtotal: 3897, subtotal_tax: 0, total: 3897, tax: 0 },
        meta: { product_type: 'simple', sku: 'CW-SHK-001', dimensions: { length: '8', width: '3', height: '1.5', unit: 'cm' } },
      });
      expect(item.meta.variation).toEqual([]);
      expect(item.cart_item_data).toEqual([]);
      expect(item.extensions).toEqual([]);
    });

    it('empty maps are [] on the cart: fees, taxes, shipping packages, notices when there are none', async () => {
      const cart = await get();
      expect(cart.fees).toEqual([]);
      expect(cart.taxes).toEqual([]);
      // The demo store has shipping methods, but no address is known yet: no packages are worked out.
      expect(cart.shipping).toEqual({ total_packages: 0, show_package_details: false, has_calculated_shipping: false, packages: [] });
      expect(cart.notices).toEqual([]);
      expect(cart.removed_items).toEqual([]);
    });

    it('weights: meta.weight is the line weight (unit × quantity), items_weight their sum', async () => {
      const cart = await get();
      expect(itemById(cart, 10).meta.weight).toBe(0.18);
      expect(itemById(cart, 17).meta.weight).toBe(1.8);
      expect(cart.items_weight).toBe(1.98);
    });

    it('needs_shipping is false for a cart of only virtual products (39, 40)', async () => {
      const { key: k } = await newCart(app, { id: '39' });
      const cart = ok(await addItem(app, { id: '40', quantity: '2' }, k));
      expect(cart).toMatchObject({ needs_shipping: false, needs_payment: true, items_weight: 0 });
      expect(cart.items.map((i: { meta: { weight: number } }) => i.meta.weight)).toEqual([0, 0]);
    });

    it('thumb=false → featured_image ""', async () => {
      const cart = await get('?thumb=false');
      expect(cart.items.map((i: { featured_image: string }) => i.featured_image)).toEqual(['', '']);
    });

    it('removed items have a plain numeric quantity', async () => {
      const { key: k, cart } = await newCart(app, { id: '10', quantity: '4' });
      ok(await addItem(app, { id: '29' }, k));
      const after = ok(await call(app, { method: 'DELETE', url: `/cart/item/${cart.items[0].item_key}`, key: k }));
      expect(after.removed_items).toHaveLength(1);
      expect(after.removed_items[0]).toMatchObject({ item_key: cart.items[0].item_key, id: 10, quantity: 4, price: 1299 });
      expect(after.removed_items[0].quantity).toBe(4);
    });

    it('cross_sells lists product 24 for a cart with product 10, in the CoCart shape', async () => {
      const { cart } = await newCart(app, { id: '10' });
      expect(cart.cross_sells).toHaveLength(1);
      const cs = cart.cross_sells[0];
      expect(Object.keys(cs)).toEqual(CROSS_SELL_KEYS);
      expect(cs).toMatchObject({
        id: 24,
        name: 'Braided Mooring Line',
        title: 'Braided Mooring Line',
        slug: 'braided-mooring-line',
        price: 2499,
        image: 'https://picsum.photos/seed/cartwright-mooring-line/300/300',
        average_rating: '',
        on_sale: false,
        type: 'variable',
      });
    });

    it('cross_sells of a simple product carry regular and sale prices; products in the cart are left out', async () => {
      const { key: k, cart } = await newCart(app, { id: '29' });
      expect(cart.cross_sells.map((c: { id: number }) => c.id)).toEqual([45, 46]);
      expect(cart.cross_sells[0]).toMatchObject({ id: 45, price: 349, regular_price: 349, sale_price: '', on_sale: false, type: 'simple' });
      const two = ok(await addItem(app, { id: '45' }, k));
      expect(two.cross_sells.map((c: { id: number }) => c.id)).toEqual([46]);
    });

    it('cross_sells of an empty cart is []', async () => {
      expect(ok(await getCart(app)).cross_sells).toEqual([]);
    });
  });

  describe('money', () => {
    it('is JSON numbers in minor units by default', async () => {
      const cart = await get();
      const item = itemById(cart, 10);
      expect(item.price).toBe(1299);
      expect(item.totals).toEqual({ subtotal: 3897, subtotal_tax: 0, total: 3897, tax: 0 });
      expect(cart.totals.total).toBe(29697);
    });

    it('config[prices]=preformatted gives display strings on items, totals and cross-sells', async () => {
      const cart = await get('?config[prices]=preformatted');
      const item = itemById(cart, 10);
      expect(item.price).toBe('£12.99');
      expect(item.totals).toEqual({ subtotal: '£38.97', subtotal_tax: '£0.00', total: '£38.97', tax: '£0.00' });
      expect(itemById(cart, 17).totals.subtotal).toBe('£258.00');
      expect(cart.totals).toEqual({
        subtotal: '£296.97', subtotal_tax: '£0.00', fee_total: '£0.00', fee_tax: '£0.00', discount_total: '£0.00', discount_tax: '£0.00',
        shipping_total: '£0.00', shipping_tax: '£0.00', total: '£296.97', total_tax: '£0.00',
      });
      for (const cs of cart.cross_sells) expect(cs.price).toMatch(/^£\d+\.\d\d$/);
    });

    it('config[prices] with another value keeps numbers', async () => {
      expect(itemById(await get('?config[prices]=raw'), 10).price).toBe(1299);
    });
  });

  describe('fields', () => {
    it('dot syntax: fields=items.name trims each item to its name (nested fields and no more)', async () => {
      const cart = await get('?fields=items.name');
      expect(Object.keys(cart)).toEqual(['items']);
      expect(cart.items.length).toBeGreaterThan(1);
      for (const item of cart.items) expect(Object.keys(item)).toEqual(['name']);
      expect(cart.items.map((i: { name: string }) => i.name)).toContain('Stainless Steel Snap Shackle');
    });

    it('nested paths at any depth: items.quantity.value,items.id,currency.currency_code', async () => {
      const cart = await get('?fields=items.quantity.value,items.id,currency.currency_code');
      expect(cart.currency).toEqual({ currency_code: 'GBP' });
      expect(itemById(cart, 10)).toEqual({ id: 10, quantity: { value: 3 } });
    });

    it('dot syntax: fields=totals.total,totals.subtotal → just those totals', async () => {
      expect(await get('?fields=totals.total,totals.subtotal')).toEqual({ totals: { subtotal: 29697, total: 29697 } });
    });

    it('dot syntax: customer.billing_address → only the billing section', async () => {
      const cart = await get('?fields=customer.billing_address');
      expect(Object.keys(cart)).toEqual(['customer']);
      expect(Object.keys(cart.customer)).toEqual(['billing_address']);
    });

    it('colon syntax: totals:subtotal-total', async () => {
      expect(await get('?fields=totals:subtotal-total')).toEqual({ totals: { subtotal: 29697, total: 29697 } });
    });

    it('colon syntax: customer:billing_address', async () => {
      const cart = await get('?fields=customer:billing_address,cart_key');
      expect(Object.keys(cart)).toEqual(['cart_key', 'customer']);
      expect(Object.keys(cart.customer)).toEqual(['billing_address']);
      expect(Object.keys(cart.customer.billing_address)).toEqual(BILLING_KEYS);
    });

    it('the release-notes example cart_key,customer,items,totals: those four keys; totals without fee_*/shipping_*', async () => {
      const cart = await get('?fields=cart_key,customer,items,totals');
      expect(Object.keys(cart)).toEqual(['cart_key', 'customer', 'items', 'totals']);
      expect(Object.keys(cart.totals)).toEqual(TOTALS_NO_FEES_NO_SHIPPING);
    });

    it('fields=totals alone omits fee_* and shipping_*; listing fees and shipping brings them back', async () => {
      expect(Object.keys((await get('?fields=totals')).totals)).toEqual(TOTALS_NO_FEES_NO_SHIPPING);
      expect(Object.keys((await get('?fields=totals,fees')).totals)).toEqual([
        'subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'total', 'total_tax',
      ]);
      expect(Object.keys((await get('?fields=totals,shipping')).totals)).toEqual([
        'subtotal', 'subtotal_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax',
      ]);
    });

    it('whitespace separates too', async () => {
      expect(Object.keys(await get(`?fields=${encodeURIComponent('cart_key item_count')}`))).toEqual(['cart_key', 'item_count']);
    });

    it('unknown tokens are dropped; all-unknown → []', async () => {
      expect(await get('?fields=item_count,bogus')).toEqual({ item_count: 5 });
      expect(await get('?fields=bogus,nonsense.deep')).toEqual([]);
    });

    it('empty fields → the whole cart', async () => {
      expect(Object.keys(await get('?fields='))).toEqual(CART_KEYS);
    });
  });

  describe('config[fields] presets', () => {
    const presets: [string, string[], string[] | null, string[] | null][] = [
      ['digital', ['currency', 'customer', 'items', 'coupons', 'needs_payment', 'taxes', 'totals', 'notices'], ['billing_address'], TOTALS_NO_FEES_NO_SHIPPING],
      [
        'digital_fees',
        ['currency', 'customer', 'items', 'coupons', 'needs_payment', 'fees', 'taxes', 'totals', 'notices'],
        ['billing_address'],
        ['subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'total', 'total_tax'],
      ],
      [
        'shipping',
        ['currency', 'customer', 'items', 'items_weight', 'coupons', 'needs_payment', 'needs_shipping', 'shipping', 'taxes', 'totals', 'notices'],
        ['billing_address', 'shipping_address'],
        ['subtotal', 'subtotal_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax'],
      ],
      [
        'shipping_fees',
        ['currency', 'customer', 'items', 'items_weight', 'coupons', 'needs_payment', 'needs_shipping', 'shipping', 'fees', 'taxes', 'totals', 'notices'],
        ['billing_address', 'shipping_address'],
        TOTALS_KEYS,
      ],
      ['removed_items', ['currency', 'removed_items', 'notices'], null, null],
      ['cross_sells', ['currency', 'cross_sells', 'notices'], null, null],
    ];

    it.each(presets)('%s returns exactly its preset keys', async (preset, keys, customerKeys, totalsKeys) => {
      const cart = await get(`?config[fields]=${preset}`);
      expect(Object.keys(cart)).toEqual(keys);
      if (customerKeys) expect(Object.keys(cart.customer)).toEqual(customerKeys);
      if (totalsKeys) expect(Object.keys(cart.totals)).toEqual(totalsKeys);
      expect(cart.currency).toEqual(GBP);
    });

    it('takes priority over fields', async () => {
      expect(Object.keys(await get('?fields=cart_key,item_count&config[fields]=cross_sells'))).toEqual(['currency', 'cross_sells', 'notices']);
    });

    it('an unknown preset falls back to fields, and without fields to the whole cart (Beta 1 checks only the presets it knows)', async () => {
      expect(await get('?fields=item_count&config[fields]=everything')).toEqual({ item_count: 5 });
      expect(Object.keys(await get('?config[fields]=everything'))).toEqual(CART_KEYS);
    });

    it('combines with config[prices]=preformatted', async () => {
      const cart = await get('?config[fields]=digital&config[prices]=preformatted');
      expect(cart.totals).toEqual({ subtotal: '£296.97', subtotal_tax: '£0.00', discount_total: '£0.00', discount_tax: '£0.00', total: '£296.97', total_tax: '£0.00' });
    });

    it('the cart key is still in the header', async () => {
      const r = await getCart(app, key, '?config[fields]=digital');
      expect(ok(r).cart_key).toBeUndefined();
      expect(r.key).toBe(key);
    });
  });
});

describe.each(DATABASES)('cart response with compat_money "4x" (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    const settings = app.runtime.settings.get();
    await app.runtime.settings.save({ ...settings, cart: { ...settings.cart, compat_money: '4x' } });
  });
  afterAll(() => app.close());

  it('money comes as minor-unit strings', async () => {
    const { key } = await newCart(app, { id: '10', quantity: '3' });
    const cart = ok(await getCart(app, key));
    expect(cart.items[0].price).toBe('1299');
    expect(cart.items[0].totals.subtotal).toBe('3897');
    expect(cart.totals.subtotal).toBe('3897');
    expect(cart.totals.total).toBe('3897');
    expect(cart.cross_sells[0].price).toBe('2499');
  });

  it('matches released 4.x exactly: zero amounts are the number 0, item total/tax/subtotal_tax are major-unit floats', async () => {
    const { key } = await newCart(app, { id: '10', quantity: '3' });
    const cart = ok(await getCart(app, key));
    expect(cart.items[0].totals).toEqual({ subtotal: '3897', subtotal_tax: 0, total: 38.97, tax: 0 });
    expect(cart.totals.discount_total).toBe(0);
    expect(cart.totals.total_tax).toBe(0);
  });

  it('config[prices]=preformatted still gives display strings', async () => {
    const { key } = await newCart(app, { id: '10', quantity: '1' });
    expect(ok(await getCart(app, key, '?config[prices]=preformatted')).items[0].price).toBe('£12.99');
  });
});
