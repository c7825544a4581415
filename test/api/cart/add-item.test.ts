import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, itemById, newCart, ok } from './helpers.ts';

/** POST /cart/add-item (docs/wire-contract.md: #adding-items, #parameters on id/quantity types, #price-override). */

const ITEM_KEYS = [
  'item_key', 'id', 'name', 'title', 'price', 'quantity', 'totals', 'slug', 'meta', 'backorders', 'cart_item_data', 'featured_image', 'extensions',
];

describe.each(DATABASES)('POST /cart/add-item (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  describe('id', () => {
    it('absent → 400 rest_missing_callback_param naming id', async () => {
      const r = await addItem(app, { quantity: '1' });
      expectError(r, 400, 'rest_missing_callback_param');
      expect(r.body.data.params).toEqual(['id']);
    });

    it('"" → 404 cocart_product_id_required', async () => {
      expectError(await addItem(app, { id: '' }), 404, 'cocart_product_id_required');
    });

    it('an unknown SKU → 404 cocart_unknown_product_id', async () => {
      expectError(await addItem(app, { id: 'CW-NO-SUCH-SKU' }), 404, 'cocart_unknown_product_id');
    });

    it('an unknown numeric id → 400 cocart_invalid_product', async () => {
      expectError(await addItem(app, { id: '99999' }), 400, 'cocart_invalid_product');
    });

    it('the draft 50 → 400 cocart_invalid_product', async () => {
      expectError(await addItem(app, { id: '50' }), 400, 'cocart_invalid_product');
    });

    it('the draft 50 by its SKU is unknown too → 404 cocart_unknown_product_id', async () => {
      expectError(await addItem(app, { id: 'CW-BOAT-PADDLE' }), 404, 'cocart_unknown_product_id');
    });

    it('a SKU adds that product', async () => {
      const cart = ok(await addItem(app, { id: 'CW-SHK-001', quantity: '1' }));
      expect(cart.items).toHaveLength(1);
      expect(cart.items[0]).toMatchObject({ id: 10, name: 'Stainless Steel Snap Shackle', price: 1299 });
    });

    it("a variation's SKU adds that variation", async () => {
      const cart = ok(await addItem(app, { id: 'CW-JKT-OFF-NAVY-M', quantity: '1' }));
      expect(cart.items[0]).toMatchObject({ id: 17, meta: { product_type: 'variation', variation: { Colour: 'Navy', Size: 'M' } } });
    });

    it('a JSON number is accepted (DESIGN: numbers or numeric strings)', async () => {
      const cart = ok(await addItem(app, { id: 10, quantity: 1 }));
      expect(cart.items[0].id).toBe(10);
    });

    it('an object → 400 rest_invalid_param', async () => {
      const r = await addItem(app, { id: { a: 1 } });
      expectError(r, 400, 'rest_invalid_param');
      expect(Object.keys(r.body.data.params)).toEqual(['id']);
    });
  });

  describe('quantity', () => {
    it('non-numeric "abc" → 400 rest_invalid_param naming quantity', async () => {
      const r = await addItem(app, { id: '10', quantity: 'abc' });
      expectError(r, 400, 'rest_invalid_param');
      expect(Object.keys(r.body.data.params)).toEqual(['quantity']);
    });

    it('as a JSON number and as a numeric string both work', async () => {
      expect(ok(await addItem(app, { id: '10', quantity: 3 })).items[0].quantity.value).toBe(3);
      expect(ok(await addItem(app, { id: '10', quantity: '3' })).items[0].quantity.value).toBe(3);
    });

    it('defaults to 1', async () => {
      expect(ok(await addItem(app, { id: '10' })).items[0].quantity.value).toBe(1);
    });

    it('a decimal string is truncated to a whole number', async () => {
      expect(ok(await addItem(app, { id: '10', quantity: '2.7' })).items[0].quantity.value).toBe(2);
    });

    it('0 → 405 cocart_quantity_invalid_amount', async () => {
      expectError(await addItem(app, { id: '10', quantity: '0' }), 405, 'cocart_quantity_invalid_amount');
    });

    it('negative → 405 cocart_quantity_invalid_amount', async () => {
      expectError(await addItem(app, { id: '10', quantity: '-2' }), 405, 'cocart_quantity_invalid_amount');
    });

    it('below the minimum of 33 (min 2) → 405, and the minimum itself works', async () => {
      const r = await addItem(app, { id: '33', quantity: '1' });
      expectError(r, 405, 'cocart_quantity_invalid_amount');
      expect(r.body.message).toContain('2');
      expect(ok(await addItem(app, { id: '33', quantity: '2' })).items[0].quantity).toEqual({ value: 2, min_purchase: 2, max_purchase: 80 });
    });

    it('above the maximum of 34 (max 5) → 405', async () => {
      const r = await addItem(app, { id: '34', quantity: '6' });
      expectError(r, 405, 'cocart_quantity_invalid_amount');
      expect(r.body.message).toContain('5');
    });

    it('above the maximum of 34 counting what the cart already holds → 405, cart unchanged', async () => {
      const { key } = await newCart(app, { id: '34', quantity: '3' });
      expectError(await addItem(app, { id: '34', quantity: '3' }, key), 405, 'cocart_quantity_invalid_amount');
      expect(ok(await getCart(app, key)).items[0].quantity.value).toBe(3);
      expect(ok(await addItem(app, { id: '34', quantity: '2' }, key)).items[0].quantity.value).toBe(5);
    });
  });

  describe('product types', () => {
    it.each([
      ['external', '44'],
      ['grouped', '43'],
    ])('%s → 403 cocart_cannot_add_product_type_to_cart', async (_type, id) => {
      expectError(await addItem(app, { id, quantity: '1' }), 403, 'cocart_cannot_add_product_type_to_cart');
    });
  });

  describe('variations', () => {
    it('variable 11 without variation data → 400 cocart_missing_variation_data', async () => {
      const r = await addItem(app, { id: '11', quantity: '1' });
      expectError(r, 400, 'cocart_missing_variation_data');
      expect(r.body.message).toContain('Colour');
      expect(r.body.message).toContain('Size');
    });

    it('variable 11 with only one attribute → 400 cocart_missing_variation_data naming the other', async () => {
      const r = await addItem(app, { id: '11', variation: { attribute_pa_colour: 'navy' } });
      expectError(r, 400, 'cocart_missing_variation_data');
      expect(r.body.message).toContain('Size');
    });

    it('variable 11 with a full variation map → the matching variation line', async () => {
      const cart = ok(await addItem(app, { id: '11', quantity: '1', variation: { attribute_pa_colour: 'navy', attribute_pa_size: 'm' } }));
      expect(cart.items).toHaveLength(1);
      expect(cart.items[0]).toMatchObject({
        id: 17,
        name: 'Offshore Waterproof Jacket - Navy, M',
        title: 'Offshore Waterproof Jacket',
        slug: 'offshore-waterproof-jacket',
        price: 12900,
        quantity: { value: 1, min_purchase: 1, max_purchase: 15 },
        meta: { product_type: 'variation', sku: 'CW-JKT-OFF-NAVY-M', variation: { Colour: 'Navy', Size: 'M' } },
      });
    });

    it('the variation map also works in bracket query syntax', async () => {
      const r = await call(app, { method: 'POST', url: '/cart/add-item?id=11&quantity=2&variation[attribute_pa_colour]=yellow&variation[attribute_pa_size]=m' });
      const item = ok(r).items[0];
      expect(item).toMatchObject({ id: 21, price: 9900, quantity: { value: 2 }, totals: { subtotal: 19800, total: 19800 } });
    });

    it('the variation map also works in a form body', async () => {
      const r = await call(app, {
        method: 'POST',
        url: '/cart/add-item',
        form: { id: '11', quantity: '1', variation: { attribute_pa_colour: 'red', attribute_pa_size: 's' } },
      });
      expect(ok(r).items[0].id).toBe(12);
    });

    it('an attribute value that is not an option → 400 cocart_invalid_variation_data', async () => {
      const r = await addItem(app, { id: '11', variation: { attribute_pa_colour: 'purple', attribute_pa_size: 'm' } });
      expectError(r, 400, 'cocart_invalid_variation_data');
      expect(r.body.message).toContain('red, navy, yellow');
    });

    it('a combination no variation has (mooring line 20 m red) → 404 cocart_no_variation_found', async () => {
      const r = await addItem(app, { id: '24', variation: { attribute_pa_length: '20m', attribute_pa_colour: 'red' } });
      expectError(r, 404, 'cocart_no_variation_found');
    });

    it('a variation id (17) directly, on the same line as the parent + map', async () => {
      const { key, cart } = await newCart(app, { id: '17', quantity: '1' });
      expect(cart.items[0]).toMatchObject({ id: 17, meta: { variation: { Colour: 'Navy', Size: 'M' } } });
      const again = ok(await addItem(app, { id: '11', quantity: '2', variation: { attribute_pa_colour: 'navy', attribute_pa_size: 'm' } }, key));
      expect(again.items).toHaveLength(1);
      expect(again.items[0].item_key).toBe(cart.items[0].item_key);
      expect(again.items[0].quantity.value).toBe(3);
    });

    it('a variation with an "any" attribute (25) needs that attribute → 400 cocart_missing_variation_data', async () => {
      const r = await addItem(app, { id: '25', quantity: '1' });
      expectError(r, 400, 'cocart_missing_variation_data');
      expect(r.body.message).toContain('Colour');
    });

    it('a variation with an "any" attribute (25) takes variation[attribute_pa_colour]; each colour is its own line', async () => {
      const { key, cart } = await newCart(app, { id: '25', quantity: '1', variation: { attribute_pa_colour: 'black' } });
      expect(cart.items[0]).toMatchObject({
        id: 25,
        name: 'Braided Mooring Line - 10 m',
        price: 2499,
        meta: { product_type: 'variation', variation: { Length: '10 m', Colour: 'Black' } },
      });
      const two = ok(await addItem(app, { id: '25', quantity: '1', variation: { attribute_pa_colour: 'red' } }, key));
      expect(two.items).toHaveLength(2);
      expect(two.items[1].meta.variation).toEqual({ Length: '10 m', Colour: 'Red' });
    });

    it('an "any" attribute still only takes the options of the parent (green is not a mooring line colour)', async () => {
      expectError(await addItem(app, { id: '25', variation: { attribute_pa_colour: 'green' } }), 400, 'cocart_invalid_variation_data');
    });

    it('an out-of-stock variation (15, red XL) → 404 cocart_product_out_of_stock', async () => {
      expectError(await addItem(app, { id: '15', quantity: '1' }), 404, 'cocart_product_out_of_stock');
      const r = await addItem(app, { id: '11', variation: { attribute_pa_colour: 'red', attribute_pa_size: 'xl' } });
      expectError(r, 404, 'cocart_product_out_of_stock');
    });

    it('a variation over its own stock (17 has 15) → 405 cocart_quantity_invalid_amount "Quantity must be 15 or lower."', async () => {
      const r = await addItem(app, { id: '17', quantity: '16' });
      expectError(r, 405, 'cocart_quantity_invalid_amount');
      expect(r.body.message).toBe('Quantity must be 15 or lower.');
    });
  });

  describe('stock and limits', () => {
    it('sold individually (32): 2 → 405 "Quantity must be 1 or lower." (CoCart validate_quantity), nothing stored', async () => {
      const r = await addItem(app, { id: '32', quantity: '2' });
      expectError(r, 405, 'cocart_quantity_invalid_amount');
      expect(r.body.message).toBe('Quantity must be 1 or lower.');
      expect(r.key).toBeUndefined();
    });

    it('sold individually (32): one, then a second add → 403 cocart_product_sold_individually', async () => {
      const { key, cart } = await newCart(app, { id: '32', quantity: '1' });
      expect(cart.items[0].quantity).toEqual({ value: 1, min_purchase: 1, max_purchase: 1 });
      expectError(await addItem(app, { id: '32', quantity: '1' }, key), 403, 'cocart_product_sold_individually');
      expect(ok(await getCart(app, key)).items[0].quantity.value).toBe(1);
    });

    it('out of stock (36) → 404 cocart_product_out_of_stock', async () => {
      expectError(await addItem(app, { id: '36', quantity: '1' }), 404, 'cocart_product_out_of_stock');
    });

    it('more than the stock (35 has 3, asking 4) → 405 "Quantity must be 3 or lower."; 3 is fine', async () => {
      const r = await addItem(app, { id: '35', quantity: '4' });
      expectError(r, 405, 'cocart_quantity_invalid_amount');
      expect(r.body.message).toBe('Quantity must be 3 or lower.');
      expect(ok(await addItem(app, { id: '35', quantity: '3' })).items[0].quantity.value).toBe(3);
    });

    it('stock counts what the cart already holds (35: 2 then 2) → 404 cocart_not_enough_stock_remaining', async () => {
      const { key } = await newCart(app, { id: '35', quantity: '2' });
      expectError(await addItem(app, { id: '35', quantity: '2' }, key), 404, 'cocart_not_enough_stock_remaining');
      expect(ok(await getCart(app, key)).items[0].quantity.value).toBe(2);
    });

    it('stock counts across lines of the same product with different item data', async () => {
      const { key } = await newCart(app, { id: '35', quantity: '2', item_data: { engraving: 'A' } });
      expectError(await addItem(app, { id: '35', quantity: '2', item_data: { engraving: 'B' } }, key), 404, 'cocart_not_enough_stock_remaining');
    });

    it('backorders notify (37, stock −2) is addable and the item says it is on backorder', async () => {
      const item = ok(await addItem(app, { id: '37', quantity: '2' })).items[0];
      expect(item).toMatchObject({ id: 37, quantity: { value: 2, max_purchase: -1 }, backorders: 'Available on backorder' });
    });

    it('backorders yes (38, stock 0) is addable without a backorder notice', async () => {
      const item = ok(await addItem(app, { id: '38', quantity: '5' })).items[0];
      expect(item).toMatchObject({ id: 38, quantity: { value: 5, max_purchase: -1 }, backorders: '' });
    });

    it('a product in stock has an empty backorders text', async () => {
      expect(ok(await addItem(app, { id: '10', quantity: '1' })).items[0].backorders).toBe('');
    });
  });

  describe('lines', () => {
    it('the same line twice increments its quantity', async () => {
      const { key, cart } = await newCart(app, { id: '10', quantity: '2' });
      const again = ok(await addItem(app, { id: '10', quantity: '3' }, key));
      expect(again.items).toHaveLength(1);
      expect(again.items[0].item_key).toBe(cart.items[0].item_key);
      expect(again.items[0].quantity.value).toBe(5);
      expect(again.items[0].totals.subtotal).toBe(5 * 1299);
      expect(again.item_count).toBe(5);
    });

    it('different item_data makes separate lines; cart_item_data echoes it without empty values', async () => {
      const { key, cart } = await newCart(app, { id: '10', quantity: '1', item_data: { engraving: 'Ahoy', note: '', gift: null } });
      expect(cart.items[0].cart_item_data).toEqual({ engraving: 'Ahoy' });
      const two = ok(await addItem(app, { id: '10', quantity: '1', item_data: { engraving: 'Avast' } }, key));
      expect(two.items).toHaveLength(2);
      expect(two.items.map((i: { cart_item_data: unknown }) => i.cart_item_data)).toEqual([{ engraving: 'Ahoy' }, { engraving: 'Avast' }]);
      expect(two.items[0].item_key).not.toBe(two.items[1].item_key);
      const three = ok(await addItem(app, { id: '10', quantity: '1', item_data: { engraving: 'Ahoy', note: '', gift: null } }, key));
      expect(three.items).toHaveLength(2);
      expect(three.items[0].quantity.value).toBe(2);
    });

    it('item keys are 32 lower-case hex', async () => {
      expect(ok(await addItem(app, { id: '10' })).items[0].item_key).toMatch(/^[0-9a-f]{32}$/);
    });

    it('the add-item response carries a success notice naming the product', async () => {
      expect(ok(await addItem(app, { id: '29' })).notices).toEqual({ success: ['"Marine First Aid Kit" has been added to your cart.'] });
    });

    it('return_item=true returns the added item object, not the cart', async () => {
      const { key } = await newCart(app, { id: '10', quantity: '1' });
      const r = await addItem(app, { id: '10', quantity: '2', return_item: true }, key);
      const item = ok(r);
      expect(Object.keys(item)).toEqual(ITEM_KEYS);
      expect(item).toMatchObject({ id: 10, quantity: { value: 3 }, totals: { subtotal: 3 * 1299 } });
      expect(r.key).toBe(key);
    });

    it('return_item as the string "true" works too', async () => {
      const r = await call(app, { method: 'POST', url: '/cart/add-item?id=29&return_item=true' });
      expect(Object.keys(ok(r))).toEqual(ITEM_KEYS);
    });
  });

  describe('email and phone', () => {
    it('valid values become the billing email and phone', async () => {
      const cart = ok(await addItem(app, { id: '10', email: 'ada@example.com', phone: '01908 672352' }));
      expect(cart.customer.billing_address).toMatchObject({ billing_email: 'ada@example.com', billing_phone: '01908 672352' });
    });

    it('invalid values are silently ignored', async () => {
      const r = await addItem(app, { id: '10', email: 'not-an-email', phone: 'call me maybe' });
      const cart = ok(r);
      expect(cart.customer.billing_address).toMatchObject({ billing_email: '', billing_phone: '' });
      expect(cart.notices).toEqual({ success: ['"Stainless Steel Snap Shackle" has been added to your cart.'] });
    });

    it('a failed add does not set them', async () => {
      const { key } = await newCart(app);
      expectError(await addItem(app, { id: '36', email: 'ada@example.com' }, key), 404, 'cocart_product_out_of_stock');
      expect(ok(await getCart(app, key)).customer.billing_address.billing_email).toBe('');
    });
  });

  describe('price without a salt key configured', () => {
    it('is ignored: the catalogue price applies', async () => {
      const r = await call(app, {
        method: 'POST',
        url: '/cart/add-item',
        body: { id: '10', quantity: '2', price: '1.00' },
        headers: { csaltk: 'anything' },
      });
      const cart = ok(r);
      expect(cart.items[0]).toMatchObject({ price: 1299, totals: { subtotal: 2598, total: 2598 } });
      expect(cart.totals.total).toBe(2598);
    });
  });
});

describe.each(DATABASES)('POST /cart/add-item price override with a salt key (%s)', (kind) => {
  let app: FastifyInstance;
  const SALT = 'abc123';

  beforeAll(async () => {
    app = await createTestApp(kind, {
      plugins: [
        {
          name: 'no-override-for-29',
          register(rt) {
            rt.hooks.addFilter('cocart_is_allowed_to_override_price', (allowed, product) => allowed && product.id !== 29);
          },
        },
      ],
    });
    const settings = app.runtime.settings.get();
    await app.runtime.settings.save({ ...settings, general: { ...settings.general, salt_key: SALT } });
  });
  afterAll(() => app.close());

  const add = (body: Record<string, unknown>, headers: Record<string, string>, key?: string) =>
    call(app, { method: 'POST', url: '/cart/add-item', body, headers, key });

  it.each(['x-cocart-salt', 'csaltk'])('with the right %s header the custom price is applied to price and totals', async (header) => {
    const cart = ok(await add({ id: '10', quantity: '2', price: '5.50' }, { [header]: SALT }));
    expect(cart.items[0]).toMatchObject({ price: 550, totals: { subtotal: 1100, subtotal_tax: 0, total: 1100, tax: 0 } });
    expect(cart.totals).toMatchObject({ subtotal: 1100, total: 1100 });
  });

  it('a JSON number price works the same', async () => {
    expect(ok(await add({ id: '10', quantity: '1', price: 7.25 }, { csaltk: SALT })).items[0].price).toBe(725);
  });

  it('a wrong salt → ignored, the catalogue price applies, no error', async () => {
    const cart = ok(await add({ id: '10', quantity: '1', price: '5.50' }, { csaltk: 'wrong' }));
    expect(cart.items[0].price).toBe(1299);
  });

  it('no salt header → ignored', async () => {
    expect(ok(await add({ id: '10', quantity: '1', price: '5.50' }, {})).items[0].price).toBe(1299);
  });

  it('an unparsable or negative price → ignored, no error', async () => {
    expect(ok(await add({ id: '10', quantity: '1', price: 'cheap' }, { csaltk: SALT })).items[0].price).toBe(1299);
    expect(ok(await add({ id: '10', quantity: '1', price: '-3.00' }, { csaltk: SALT })).items[0].price).toBe(1299);
  });

  it('the cocart_is_allowed_to_override_price filter narrows it: 29 keeps its price even with the salt', async () => {
    const cart = ok(await add({ id: '29', quantity: '1', price: '1.00' }, { csaltk: SALT }));
    expect(cart.items[0].price).toBe(2799);
  });

  it('re-adding the same line without a price keeps the custom price', async () => {
    const first = await add({ id: '10', quantity: '1', price: '5.50' }, { csaltk: SALT });
    const key = first.key!;
    const again = ok(await add({ id: '10', quantity: '2' }, {}, key));
    expect(again.items[0]).toMatchObject({ price: 550, quantity: { value: 3 }, totals: { subtotal: 1650 } });
    expect(ok(await getCart(app, key)).items[0].price).toBe(550);
  });

  it('removing the line forgets the custom price: restored or re-added it costs the catalogue price', async () => {
    const first = ok(await add({ id: '10', quantity: '1', price: '5.50' }, { csaltk: SALT }));
    const key = first.cart_key;
    const itemKey = first.items[0].item_key;
    const removed = ok(await call(app, { method: 'DELETE', url: `/cart/item/${itemKey}`, key }));
    expect(removed.removed_items[0].price).toBe(1299);
    const restored = ok(await call(app, { method: 'PUT', url: `/cart/item/${itemKey}`, key }));
    expect(itemById(restored, 10).price).toBe(1299);

    ok(await call(app, { method: 'DELETE', url: `/cart/item/${itemKey}`, key }));
    const readded = ok(await add({ id: '10', quantity: '1' }, {}, key));
    expect(itemById(readded, 10).price).toBe(1299);
  });

  it('clearing the cart forgets it too', async () => {
    const first = ok(await add({ id: '10', quantity: '1', price: '5.50' }, { csaltk: SALT }));
    ok(await call(app, { method: 'POST', url: '/cart/clear', key: first.cart_key }));
    expect(ok(await add({ id: '10', quantity: '1' }, {}, first.cart_key)).items[0].price).toBe(1299);
  });
});
