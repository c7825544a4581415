import { describe, expect, it } from 'vitest';
import { addItem } from '../../src/cart/add-item.ts';
import { itemKey } from '../../src/cart/item-key.ts';
import { MAX_LINE_QUANTITY } from '../../src/cart/lines.ts';
import { emptyCart } from '../../src/cart/types.ts';
import { catalogPriceOnly } from '../../src/cart/unit-price.ts';
import { cartWith, context, grouped, lineOf, price, product, refusal, simple, soldIndividually, stocked, variable } from './builders.ts';

const beanie = simple(1, 1800, { name: 'Beanie', sku: 'BEANIE' });
const hoodie = variable(10, { Colour: ['red', 'blue'], Size: ['s', 'm'] }, [
  { id: 11, price: 4200, attributes: { Colour: 'red', Size: 's' } },
  { id: 12, price: 4500, attributes: { Colour: 'blue', Size: 'm' } },
], { name: 'Hoodie' });
const cap = variable(20, { Colour: ['red', 'blue'], Size: ['s', 'm'] }, [{ id: 21, price: 1500, attributes: { Colour: 'red' } }], { name: 'Cap' });
const ctx = context({ products: [beanie, hoodie, cap] });

describe('addItem: a simple product', () => {
  it('adds a new line keyed by product id, with the quantity asked for and a success notice', () => {
    const added = addItem(emptyCart(), { id: '1', quantity: 2 }, ctx);
    const { cart, line } = added;
    expect(added.product.id).toBe(1);
    expect(cart.lines).toEqual([line]);
    expect(line).toEqual({ key: itemKey(1, 0, {}, {}), id: 1, productId: 1, variationId: 0, variation: {}, quantity: 2, itemData: {}, customPrice: null });
    expect(cart.notices).toEqual([{ type: 'success', msgid: '"%s" has been added to your cart.', args: ['Beanie'] }]);
  });

  it('finds a product by SKU as well as by id', () => {
    const { line } = addItem(emptyCart(), { id: 'BEANIE', quantity: 1 }, ctx);
    expect(line.id).toBe(1);
    expect(line.key).toBe(itemKey(1, 0, {}, {}));
  });

  it('puts the same item added twice on one line, summing the quantities', () => {
    const cart = cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 1, quantity: 3 }]);
    expect(cart.lines).toHaveLength(1);
    expect(lineOf(cart, 1).quantity).toBe(5);
  });

  it('makes a new line when the item data differs, and merges when it is the same', () => {
    const cart = cartWith(ctx, [
      { id: 1, quantity: 1, itemData: { engraving: 'AB' } },
      { id: 1, quantity: 1, itemData: { engraving: 'CD' } },
      { id: 1, quantity: 2, itemData: { engraving: 'AB' } },
      { id: 1, quantity: 1 },
    ]);
    expect(cart.lines.map((l) => [l.key, l.quantity])).toEqual([
      [itemKey(1, 0, {}, { engraving: 'AB' }), 3],
      [itemKey(1, 0, {}, { engraving: 'CD' }), 1],
      [itemKey(1, 0, {}, {}), 1],
    ]);
    expect(new Set(cart.lines.map((l) => l.key)).size).toBe(3);
    expect(cart.lines[0].itemData).toEqual({ engraving: 'AB' });
  });

  it('keeps a valid email and phone given with the add as the billing contact, and ignores invalid ones', () => {
    const good = addItem(emptyCart(), { id: '1', quantity: 1, email: ' Jo@Example.COM ', phone: ' 01908.672.352 ' }, ctx).cart;
    expect(good.customer.billing.email).toBe('jo@example.com');
    expect(good.customer.billing.phone).toBe('01908-672-352');
    const bad = addItem(emptyCart(), { id: '1', quantity: 1, email: 'not-an-email', phone: 'call me' }, ctx).cart;
    expect(bad.customer.billing.email).toBe('');
    expect(bad.customer.billing.phone).toBe('');
  });

  it('leaves the cart it was given untouched', () => {
    const before = cartWith(ctx, [{ id: 1, quantity: 1 }]);
    const snapshot = structuredClone(before);
    addItem(before, { id: '1', quantity: 4 }, ctx);
    expect(before).toEqual(snapshot);
  });
});

describe('addItem: which product', () => {
  it('refuses an empty id with cocart_product_id_required (not_found)', () => {
    expect(refusal(() => addItem(emptyCart(), { id: '  ', quantity: 1 }, ctx))).toMatchObject({ code: 'cocart_product_id_required', kind: 'not_found' });
  });

  it('refuses an unknown numeric id with cocart_invalid_product (invalid)', () => {
    expect(refusal(() => addItem(emptyCart(), { id: '999', quantity: 1 }, ctx))).toMatchObject({ code: 'cocart_invalid_product', kind: 'invalid' });
  });

  it('refuses an unknown SKU with cocart_unknown_product_id (not_found), naming it', () => {
    const err = refusal(() => addItem(emptyCart(), { id: 'NOPE', quantity: 1 }, ctx));
    expect(err).toMatchObject({ code: 'cocart_unknown_product_id', kind: 'not_found', args: ['NOPE'] });
  });

  it('refuses a draft product as if it did not exist (cocart_invalid_product, invalid)', () => {
    const draft = context({ products: [simple(5, 1000, { status: 'draft' })] });
    expect(refusal(() => addItem(emptyCart(), { id: '5', quantity: 1 }, draft))).toMatchObject({ code: 'cocart_invalid_product', kind: 'invalid' });
  });

  it('refuses a product with no price with cocart_cannot_be_purchased (invalid)', () => {
    const unpriced = context({ products: [simple(5, null)] });
    expect(refusal(() => addItem(emptyCart(), { id: '5', quantity: 1 }, unpriced))).toMatchObject({ code: 'cocart_cannot_be_purchased', kind: 'invalid' });
  });

  it('refuses a grouped or external product itself with cocart_cannot_add_product_type_to_cart (forbidden)', () => {
    const c = context({ products: [beanie, grouped(30, [1], { name: 'Set' }), product(31, { type: 'external', regularPrice: 900, name: 'Elsewhere' })] });
    expect(refusal(() => addItem(emptyCart(), { id: '30', quantity: 1 }, c))).toMatchObject({
      code: 'cocart_cannot_add_product_type_to_cart',
      kind: 'forbidden',
      args: ['Set', 'grouped'],
    });
    expect(refusal(() => addItem(emptyCart(), { id: '31', quantity: 1 }, c))).toMatchObject({ code: 'cocart_cannot_add_product_type_to_cart', args: ['Elsewhere', 'external'] });
  });
});

describe('addItem: a variation chosen by its attributes', () => {
  it('finds the variation the attributes select and keys the line by parent, variation and attributes', () => {
    const added = addItem(emptyCart(), { id: '10', quantity: 1, variation: { attribute_pa_colour: 'blue', attribute_pa_size: 'm' } }, ctx);
    const { line } = added;
    expect(added.product.id).toBe(12);
    const chosen = { attribute_pa_colour: 'blue', attribute_pa_size: 'm' };
    expect(line).toMatchObject({ id: 12, productId: 10, variationId: 12, variation: chosen, key: itemKey(10, 12, chosen, {}) });
  });

  it('accepts attribute names and option labels in any case', () => {
    const { line } = addItem(emptyCart(), { id: '10', quantity: 1, variation: { colour: 'Red', SIZE: 'S' } }, ctx);
    expect(line.id).toBe(11);
    expect(line.variation).toEqual({ attribute_pa_colour: 'red', attribute_pa_size: 's' });
  });

  it('prices the line at the variation’s price', () => {
    const cart = cartWith(ctx, [{ id: 10, quantity: 2, variation: { Colour: 'blue', Size: 'm' } }]);
    expect(price(cart, ctx).totals.total).toBe(9000);
  });

  it('records the value chosen for an attribute the variation leaves open ("any size")', () => {
    const { line } = addItem(emptyCart(), { id: '20', quantity: 1, variation: { Colour: 'red', Size: 'm' } }, ctx);
    expect(line).toMatchObject({ id: 21, variation: { attribute_pa_colour: 'red', attribute_pa_size: 'm' } });
    const other = addItem(emptyCart(), { id: '20', quantity: 1, variation: { Colour: 'red', Size: 's' } }, ctx).line;
    expect(other.key).not.toBe(line.key);
  });

  it('adds a variation by its own id, taking its fixed attributes', () => {
    const { line } = addItem(emptyCart(), { id: '12', quantity: 1 }, ctx);
    expect(line).toMatchObject({ id: 12, productId: 10, variation: { attribute_pa_colour: 'blue', attribute_pa_size: 'm' } });
    // The same line as choosing it by attributes.
    expect(line.key).toBe(addItem(emptyCart(), { id: '10', quantity: 1, variation: { Colour: 'blue', Size: 'm' } }, ctx).line.key);
  });

  it('refuses a missing attribute with cocart_missing_variation_data (invalid), naming it', () => {
    const err = refusal(() => addItem(emptyCart(), { id: '10', quantity: 1, variation: { Colour: 'red' } }, ctx));
    expect(err).toMatchObject({ code: 'cocart_missing_variation_data', kind: 'invalid', args: ['Size'] });
    const open = refusal(() => addItem(emptyCart(), { id: '21', quantity: 1 }, ctx));
    expect(open).toMatchObject({ code: 'cocart_missing_variation_data', kind: 'invalid', args: ['Size'] });
  });

  it('refuses a value the attribute does not offer with cocart_invalid_variation_data (invalid), listing the options', () => {
    const err = refusal(() => addItem(emptyCart(), { id: '10', quantity: 1, variation: { Colour: 'green', Size: 's' } }, ctx));
    expect(err).toMatchObject({ code: 'cocart_invalid_variation_data', kind: 'invalid', args: ['Colour', 'red, blue'] });
  });

  it('refuses a combination no variation has with cocart_no_variation_found (not_found)', () => {
    const err = refusal(() => addItem(emptyCart(), { id: '10', quantity: 1, variation: { Colour: 'red', Size: 'm' } }, ctx));
    expect(err).toMatchObject({ code: 'cocart_no_variation_found', kind: 'not_found' });
  });

  it('refuses a variation with no price with cocart_product_failed_validation (invalid)', () => {
    const c = context({ products: [variable(40, { Size: ['s'] }, [{ id: 41, price: null, attributes: { Size: 's' } }])] });
    expect(refusal(() => addItem(emptyCart(), { id: '40', quantity: 1, variation: { Size: 's' } }, c))).toMatchObject({
      code: 'cocart_product_failed_validation',
      kind: 'invalid',
    });
  });

  it('refuses a variation whose parent is unpublished with cocart_cart_invalid_parent_product (not_found)', () => {
    const c = context({ products: [variable(40, { Size: ['s'] }, [{ id: 41, price: 100, attributes: { Size: 's' } }], { status: 'draft' })] });
    expect(refusal(() => addItem(emptyCart(), { id: '41', quantity: 1 }, c))).toMatchObject({ code: 'cocart_cart_invalid_parent_product', kind: 'not_found' });
  });
});

describe('addItem: quantity', () => {
  it('refuses a quantity of 0 or less with cocart_quantity_invalid_amount (not_allowed)', () => {
    expect(refusal(() => addItem(emptyCart(), { id: '1', quantity: 0 }, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: [1] });
    expect(refusal(() => addItem(emptyCart(), { id: '1', quantity: -2 }, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed' });
  });

  it('refuses fewer than the product’s minimum purchase, naming the minimum', () => {
    const c = context({ products: [simple(5, 100, { name: 'Nails', minPurchase: 10 })] });
    const err = refusal(() => addItem(emptyCart(), { id: '5', quantity: 9 }, c));
    // CoCart's validate_quantity() wording, checked before anything but the product itself.
    expect(err).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', msgid: 'Quantity must be a minimum of %s.', args: [10] });
    expect(addItem(emptyCart(), { id: '5', quantity: 10 }, c).line.quantity).toBe(10);
  });

  it('refuses going past the maximum purchase counting what the line already holds', () => {
    const c = context({ products: [simple(5, 100, { name: 'Limited', maxPurchase: 3 })] });
    const cart = cartWith(c, [{ id: 5, quantity: 2 }]);
    expect(addItem(cart, { id: '5', quantity: 1 }, c).line.quantity).toBe(3);
    const err = refusal(() => addItem(cart, { id: '5', quantity: 2 }, c));
    expect(err).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', msgid: 'The quantity of "%1$s" cannot be more than %2$d.', args: ['Limited', 3] });
  });

  it('takes the limits from the context (extensions’ filters), not only the product', () => {
    const c = context({ products: [beanie], limits: () => ({ min: 2, max: 4 }) });
    expect(refusal(() => addItem(emptyCart(), { id: '1', quantity: 1 }, c))).toMatchObject({ code: 'cocart_quantity_invalid_amount', args: [2] });
    expect(refusal(() => addItem(emptyCart(), { id: '1', quantity: 5 }, c))).toMatchObject({ code: 'cocart_quantity_invalid_amount', msgid: 'Quantity must be %s or lower.', args: [4] });
  });

  it('refuses a line of more than a million, which would no longer price exactly', () => {
    const cart = cartWith(ctx, [{ id: 1, quantity: MAX_LINE_QUANTITY }]);
    expect(refusal(() => addItem(cart, { id: '1', quantity: 1 }, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: ['Beanie', 1_000_000] });
  });
});

describe('addItem: stock', () => {
  const mugs = stocked(5, 900, 5, 'no', { name: 'Mug' });
  const preorder = stocked(6, 900, 2, 'notify', { name: 'Preorder mug' });
  const gone = simple(7, 900, { name: 'Sold out', stockStatus: 'outofstock' });
  const empty = stocked(8, 900, 0, 'no', { name: 'Empty shelf' });
  const c = context({ products: [mugs, preorder, gone, empty] });

  it('refuses more than a managed stock without backorders as more than the maximum purchase (validate_quantity)', () => {
    const err = refusal(() => addItem(emptyCart(), { id: '5', quantity: 6 }, c));
    expect(err).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', msgid: 'Quantity must be %s or lower.', args: [5] });
    expect(addItem(emptyCart(), { id: '5', quantity: 5 }, c).line.quantity).toBe(5);
  });

  it('counts what the cart already holds: 3 held + 3 more of 5 is cocart_not_enough_stock_remaining', () => {
    const cart = cartWith(c, [{ id: 5, quantity: 3 }]);
    const err = refusal(() => addItem(cart, { id: '5', quantity: 3 }, c));
    expect(err).toMatchObject({ code: 'cocart_not_enough_stock_remaining', kind: 'not_found', args: [5, 3] });
  });

  it('counts lines with other item data against the same stock', () => {
    const cart = cartWith(c, [{ id: 5, quantity: 4, itemData: { gift: true } }]);
    expect(refusal(() => addItem(cart, { id: '5', quantity: 2 }, c))).toMatchObject({ code: 'cocart_not_enough_stock_remaining', args: [5, 4] });
  });

  it('lets a product on backorder be added beyond its stock', () => {
    expect(addItem(emptyCart(), { id: '6', quantity: 10 }, c).line.quantity).toBe(10);
  });

  it('refuses an out-of-stock product with cocart_product_out_of_stock (not_found), managed or not', () => {
    expect(refusal(() => addItem(emptyCart(), { id: '7', quantity: 1 }, c))).toMatchObject({ code: 'cocart_product_out_of_stock', kind: 'not_found', args: ['Sold out'] });
    expect(refusal(() => addItem(emptyCart(), { id: '8', quantity: 1 }, c))).toMatchObject({ code: 'cocart_product_out_of_stock', kind: 'not_found', args: ['Empty shelf'] });
  });

  it('draws variations without stock of their own on the parent’s stock, together', () => {
    const tee = variable(50, { Colour: ['red', 'blue'] }, [
      { id: 51, price: 1000, attributes: { Colour: 'red' } },
      { id: 52, price: 1000, attributes: { Colour: 'blue' } },
    ], { name: 'Tee', manageStock: true, stockQuantity: 4 });
    const t = context({ products: [tee] });
    const cart = cartWith(t, [{ id: 50, quantity: 3, variation: { Colour: 'red' } }]);
    expect(refusal(() => addItem(cart, { id: '50', quantity: 2, variation: { Colour: 'blue' } }, t))).toMatchObject({
      code: 'cocart_not_enough_stock_remaining',
      kind: 'not_found',
      args: [4, 3],
    });
    expect(addItem(cart, { id: '50', quantity: 1, variation: { Colour: 'blue' } }, t).cart.lines).toHaveLength(2);
  });
});

describe('addItem: sold individually', () => {
  const c = context({ products: [soldIndividually(5, 5000, { name: 'Gift card' })] });

  it('adds one, and refuses more than one as over its maximum purchase of 1 (validate_quantity)', () => {
    expect(addItem(emptyCart(), { id: '5', quantity: 1 }, c).line.quantity).toBe(1);
    expect(refusal(() => addItem(emptyCart(), { id: '5', quantity: 2 }, c))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: [1] });
  });

  it('refuses a second with cocart_product_sold_individually (forbidden)', () => {
    const cart = cartWith(c, [{ id: 5, quantity: 1 }]);
    expect(refusal(() => addItem(cart, { id: '5', quantity: 1 }, c))).toMatchObject({
      code: 'cocart_product_sold_individually',
      kind: 'forbidden',
      args: ['Gift card'],
    });
  });

  it('allows another line of it with different item data (it is another line)', () => {
    const cart = cartWith(c, [{ id: 5, quantity: 1, itemData: { to: 'Ann' } }, { id: 5, quantity: 1, itemData: { to: 'Bob' } }]);
    expect(cart.lines.map((l) => l.quantity)).toEqual([1, 1]);
  });
});

describe('addItem: a custom price', () => {
  it('keeps the price given in major units when the store allows it, and prices the line with it', () => {
    const c = context({ products: [beanie], mayOverridePrice: true });
    const cart = cartWith(c, [{ id: 1, quantity: 2, price: '9.99' }]);
    expect(lineOf(cart, 1).customPrice).toBe(999);
    expect(price(cart, c).totals.total).toBe(1998);
  });

  it('ignores it when the store does not allow it: the catalogue price applies', () => {
    const cart = cartWith(ctx, [{ id: 1, quantity: 2, price: '9.99' }]);
    expect(lineOf(cart, 1).customPrice).toBeNull();
    expect(price(cart, ctx).totals.total).toBe(3600);
  });

  it('asks the context per product', () => {
    const c = context({ products: [beanie, simple(2, 500)], mayOverridePrice: (p) => p.id === 2 });
    const cart = cartWith(c, [{ id: 1, quantity: 1, price: '1.00' }, { id: 2, quantity: 1, price: '1.00' }]);
    expect(cart.lines.map((l) => l.customPrice)).toEqual([null, 100]);
  });

  it('ignores a price that is not a number or is negative', () => {
    const c = context({ products: [beanie], mayOverridePrice: true });
    expect(addItem(emptyCart(), { id: '1', quantity: 1, price: 'cheap' }, c).line.customPrice).toBeNull();
    expect(addItem(emptyCart(), { id: '1', quantity: 1, price: '-5' }, c).line.customPrice).toBeNull();
    expect(addItem(emptyCart(), { id: '1', quantity: 1, price: '0' }, c).line.customPrice).toBe(0);
  });

  it('does not change the line key: the same item with a new price is the same line, at the newer price', () => {
    const c = context({ products: [beanie], mayOverridePrice: true });
    const cart = cartWith(c, [{ id: 1, quantity: 1, price: '9.99' }, { id: 1, quantity: 1, price: '8.00' }, { id: 1, quantity: 1 }]);
    expect(cart.lines).toHaveLength(1);
    expect(lineOf(cart, 1)).toMatchObject({ quantity: 3, customPrice: 800 });
  });

  it('is never kept under a catalogue-price-only policy, even where the salt key was proved', () => {
    const c = context({ products: [beanie], mayOverridePrice: true, unitPrice: catalogPriceOnly });
    const cart = cartWith(c, [{ id: 1, quantity: 1, price: '9.99' }]);
    expect(lineOf(cart, 1).customPrice).toBeNull();
    expect(price(cart, c).totals.total).toBe(1800);
  });
});
