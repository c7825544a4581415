import { describe, expect, it } from 'vitest';
import { itemKey } from '../../../src/cart/item-key.ts';
import { emptyCart } from '../../../src/cart/types.ts';
import { PhpUnserializeError } from '../../../src/sessions/legacy/php-unserialize.ts';
import { LegacySessionError, cartFromCartValue } from '../../../src/sessions/legacy/woocommerce-session.ts';
import { legacyRows, sessionValue } from './fixtures.ts';
import { float, serialize, type Serializable } from './php-serialize.ts';

/** A session map with the given entries, each serialized on its own as WooCommerce stores them. */
function session(entries: Record<string, Serializable>): string {
  return serialize(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? v : serialize(v)])));
}

function item(extra: Record<string, Serializable>): Record<string, Serializable> {
  return {
    key: 'd3d9446802a44259755d38e6d163e820',
    product_id: 10,
    variation_id: 0,
    variation: [],
    quantity: 1,
    data_hash: 'b5c1d5ca8bae6d4896cf1807cdf763f0',
    line_tax_data: { subtotal: [], total: [] },
    line_subtotal: float(18),
    line_subtotal_tax: 0,
    line_total: float(18),
    line_tax: 0,
    ...extra,
  };
}

describe('a CoCart 3.x session as a Cartwright cart', () => {
  it("converts a customer's session: a simple product, a coupon, addresses, shipping and payment choices", () => {
    const cart = cartFromCartValue(
      sessionValue({
        userId: 7,
        items: [{ productId: 12, quantity: 3, price: 18 }],
        coupons: ['SAVE10'],
        billing: { first_name: 'Ada', last_name: 'Lovelace', address_1: '12 St James’s Square', city: 'London', postcode: 'SW1Y 4JH', country: 'GB', phone: '020 7946 0000', email: 'ada@example.org' },
        shipping: { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Ockham Lane', city: 'Ockham', postcode: 'GU23 6NR', country: 'GB' },
        shippingMethods: ['flat_rate:1'],
        paymentMethod: 'cod',
      }),
    );
    expect(cart).toEqual({
      ...emptyCart(),
      lines: [{ key: itemKey(12, 0, {}, {}), id: 12, productId: 12, variationId: 0, variation: {}, quantity: 3, itemData: {}, customPrice: null }],
      coupons: ['save10'],
      chosenShipping: ['flat_rate:1'],
      paymentMethod: 'cod',
      customer: {
        billing: { first_name: 'Ada', last_name: 'Lovelace', company: '', country: 'GB', address_1: '12 St James’s Square', address_2: '', city: 'London', state: '', postcode: 'SW1Y 4JH', phone: '020 7946 0000', email: 'ada@example.org' },
        shipping: { first_name: 'Ada', last_name: 'Lovelace', company: '', country: 'GB', address_1: '1 Ockham Lane', address_2: '', city: 'Ockham', state: '', postcode: 'GU23 6NR', phone: '' },
        shipToDifferentAddress: true,
        extra: {},
      },
    });
  });

  it('gives a variation its attributes and item data, keyed as Cartwright keys such a line', () => {
    const engraving = { text: 'Für Zoë ♥', font: 'serif' };
    const cart = cartFromCartValue(
      sessionValue({
        items: [{ productId: 40, variationId: 42, variation: { attribute_pa_color: 'blue', attribute_logo: 'Yes' }, quantity: 2, data: { gift_wrap: 'yes', engraving } }],
      }),
    );
    expect(cart.lines).toEqual([
      {
        key: itemKey(40, 42, { attribute_pa_color: 'blue', attribute_logo: 'Yes' }, { gift_wrap: 'yes', engraving }),
        id: 42,
        productId: 40,
        variationId: 42,
        variation: { attribute_pa_color: 'blue', attribute_logo: 'Yes' },
        quantity: 2,
        itemData: { gift_wrap: 'yes', engraving },
        customPrice: null,
      },
    ]);
    // A guest: nothing known of them, no payment method chosen.
    expect(cart.customer).toEqual(emptyCart().customer);
    expect(cart.paymentMethod).toBeUndefined();
  });

  it('keeps removed items, restorable, in the order they were removed', () => {
    const cart = cartFromCartValue(
      sessionValue({
        items: [{ productId: 10, quantity: 1 }],
        removed: [
          { productId: 20, quantity: 2 },
          { productId: 21, quantity: 1, data: { note: 'x' } },
        ],
      }),
    );
    expect(cart.removed.map((l) => [l.productId, l.quantity, l.itemData])).toEqual([
      [20, 2, {}],
      [21, 1, { note: 'x' }],
    ]);
    expect(cart.removed[1].key).toBe(itemKey(21, 0, {}, { note: 'x' }));
  });

  it('reads quantities and ids stored as strings or floats, and adds up items that come out as one line', () => {
    const cart = cartFromCartValue(
      session({
        cart: {
          a: item({ product_id: '10', quantity: '2' }),
          b: item({ key: 'other', product_id: 10, quantity: float(1.0) }),
          c: item({ product_id: 11, variation_id: '', quantity: 4 }),
        },
      }),
    );
    expect(cart.lines.map((l) => [l.productId, l.variationId, l.quantity])).toEqual([
      [10, 0, 3],
      [11, 0, 4],
    ]);
  });

  it('reads billing fields spelled billing_…, the old address alias, several packages and extra checkout fields', () => {
    const cart = cartFromCartValue(
      session({
        customer: { billing_first_name: 'Grace', address: '1 Navy Way', email: 'grace@example.org', billing_vat_number: 'GB123', shipping_delivery_notes: ' leave at door ', shipping_address: '2 Fleet St', is_vat_exempt: '', id: '5' },
        chosen_shipping_methods: { 0: 'flat_rate:1', 2: 'local_pickup:3' },
      }),
    );
    expect(cart.customer.billing).toMatchObject({ first_name: 'Grace', address_1: '1 Navy Way', email: 'grace@example.org' });
    expect(cart.customer.shipping.address_1).toBe('2 Fleet St');
    expect(cart.customer.extra).toEqual({ billing_vat_number: 'GB123', shipping_delivery_notes: 'leave at door' });
    expect(cart.chosenShipping).toEqual(['flat_rate:1', '', 'local_pickup:3']);
  });

  it('takes empty and cleared entries as empty, and ignores entries it does not know', () => {
    const cart = cartFromCartValue(
      session({ cart: '', applied_coupons: 'a:0:{}', removed_cart_contents: [], cart_fees: { x: 1 }, wc_notices: 'N;', some_plugin: 'O:8:"stdClass":0:{}', chosen_payment_method: '' }),
    );
    expect(cart).toEqual(emptyCart());
    expect(cartFromCartValue('a:0:{}')).toEqual(emptyCart());
  });

  it('keeps item data of any shape as JSON: lists, maps, numbers, objects', () => {
    const cart = cartFromCartValue(
      session({ cart: { a: item({ addons: [{ name: 'Wrap', price: float(2.5) }], count: 3, flag: true, booking: new Map<string | number, Serializable>([['date', '2024-06-01']]) }) } }),
    );
    expect(cart.lines[0].itemData).toEqual({ addons: [{ name: 'Wrap', price: 2.5 }], count: 3, flag: true, booking: { date: '2024-06-01' } });
  });

  it('converts every generated row', () => {
    for (const row of legacyRows(50, { now: 1_700_000_000 })) {
      const cart = cartFromCartValue(row.cart_value);
      expect(cart.lines.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(cart))).toEqual(cart);
    }
  });
});

describe('sessions that cannot be converted', () => {
  const failure = (value: string) => {
    try {
      cartFromCartValue(value);
    } catch (err) {
      return err as Error;
    }
    throw new Error('converted');
  };

  it.each([
    ['a cart item without a product', session({ cart: { abc: item({ product_id: 0 }) } }), LegacySessionError, 'cart item "abc": product_id 0 is not a product ID'],
    ['a quantity of nothing', session({ cart: { abc: item({ quantity: 0 }) } }), LegacySessionError, 'cart item "abc": quantity 0 is not between 1 and 1000000'],
    ['a quantity that is no number', session({ cart: { abc: item({ quantity: 'lots' }) } }), LegacySessionError, 'cart item "abc": quantity "lots" is not between 1 and 1000000'],
    ['a removed item that is not an array', session({ removed_cart_contents: { abc: 'x' } }), LegacySessionError, 'removed_cart_contents item "abc" is not an array'],
    ['an attribute that is not a value', session({ cart: { abc: item({ variation: { attribute_size: ['L'] } }) } }), LegacySessionError, 'cart item "abc": attribute "attribute_size" is an array, not a value'],
    ['a cart entry that is not an array', session({ cart: 's:3:"abc";' }), LegacySessionError, 'cart is not an array'],
    ['a session that is not a map', 's:3:"abc";', LegacySessionError, 'the session is "abc", not a map of session entries'],
    ['a malformed cart entry', serialize({ cart: 'a:1:{s:3:"abc";a:1:{s:10:"product_id";i:1;}' }), LegacySessionError, "cart: array declares 1 entries but has more (found end of input) at byte 43"],
    ['a session cut short', sessionValue({ items: [{ productId: 1, quantity: 1 }] }).slice(0, 100), PhpUnserializeError, 'runs past the end of the input'],
  ])('refuses %s, saying why', (_what, value, type, message) => {
    const err = failure(value);
    expect(err).toBeInstanceOf(type);
    expect(err.message).toContain(message);
  });
});
