import { describe, expect, it } from 'vitest';
import { removeAllItems, removeItem } from '../../src/cart/remove-item.ts';
import { restoreItem } from '../../src/cart/restore-item.ts';
import { emptyCart } from '../../src/cart/types.ts';
import { cartWith, context, lineOf, refusal, simple } from './builders.ts';

const ctx = context({ products: [simple(1, 1800, { name: 'Beanie' }), simple(2, 1200, { name: 'Scarf' })], mayOverridePrice: true });
const cart = cartWith(ctx, [{ id: 1, quantity: 2, price: '15.00' }, { id: 2, quantity: 1 }]);
const beanieKey = lineOf(cart, 1).key;
const scarfKey = lineOf(cart, 2).key;

describe('removeItem', () => {
  it('moves the line to the removed items, forgetting its custom price, with a notice naming the product', () => {
    const r = removeItem(cart, beanieKey, ctx);
    expect(r.name).toBe('Beanie');
    expect(r.cart.lines.map((l) => l.key)).toEqual([scarfKey]);
    expect(r.cart.removed).toEqual([{ ...lineOf(cart, 1), customPrice: null }]);
    expect(r.removed).toEqual(r.cart.removed[0]);
    expect(r.cart.notices).toEqual([{ type: 'success', msgid: '%s has been removed from cart.', args: ['Beanie'] }]);
  });

  it('keeps removed items most recent last, once each', () => {
    let c = removeItem(cart, beanieKey, ctx).cart;
    c = removeItem(c, scarfKey, ctx).cart;
    expect(c.removed.map((l) => l.key)).toEqual([beanieKey, scarfKey]);
    c = restoreItem(c, beanieKey, ctx).cart;
    c = removeItem(c, beanieKey, ctx).cart;
    expect(c.removed.map((l) => l.key)).toEqual([scarfKey, beanieKey]);
  });

  it('refuses an unknown key with cocart_item_not_in_cart (not_found)', () => {
    const err = refusal(() => removeItem(cart, 'f'.repeat(32), ctx));
    expect(err).toMatchObject({ code: 'cocart_item_not_in_cart', kind: 'not_found', msgid: 'Item specified does not exist in cart.' });
  });

  it('says so when the item was already removed', () => {
    const once = removeItem(cart, beanieKey, ctx).cart;
    const err = refusal(() => removeItem(once, beanieKey, ctx));
    expect(err).toMatchObject({ code: 'cocart_item_not_in_cart', kind: 'not_found', msgid: 'Item specified does not exist in cart. It may have already been removed.' });
  });

  it('refuses on a completely empty cart with cocart_no_items_in_cart (not_found)', () => {
    expect(refusal(() => removeItem(emptyCart(), beanieKey, ctx))).toMatchObject({ code: 'cocart_no_items_in_cart', kind: 'not_found' });
  });

  it('refuses the key "0" with cocart_cart_item_key_required (not_found)', () => {
    expect(refusal(() => removeItem(cart, '0', ctx))).toMatchObject({ code: 'cocart_cart_item_key_required', kind: 'not_found' });
  });
});

describe('removeAllItems', () => {
  it('moves every line to the removed items, keeping coupons and the customer', () => {
    const withCoupon = { ...cart, coupons: ['save10'] };
    const r = removeAllItems(withCoupon);
    expect(r.lines).toEqual([]);
    expect(r.removed.map((l) => [l.key, l.quantity, l.customPrice])).toEqual([
      [beanieKey, 2, null],
      [scarfKey, 1, null],
    ]);
    expect(r.coupons).toEqual(['save10']);
  });
});

describe('restoreItem', () => {
  const removed = removeItem(cart, beanieKey, ctx).cart;

  it('puts a removed line back with its quantity and item data, with a notice', () => {
    const r = restoreItem(removed, beanieKey, ctx);
    expect(r.line).toMatchObject({ key: beanieKey, id: 1, quantity: 2, customPrice: null });
    expect(r.cart.lines.map((l) => l.key)).toEqual([scarfKey, beanieKey]);
    expect(r.cart.removed).toEqual([]);
    expect(r.cart.notices.at(-1)).toEqual({ type: 'success', msgid: '%s has been added back to your cart.', args: ['Beanie'] });
  });

  it('replaces a line re-added meanwhile with the removed quantity, not the sum', () => {
    const readded = cartWith(ctx, [{ id: 1, quantity: 5, price: '12.00' }], removed);
    const r = restoreItem(readded, beanieKey, ctx);
    expect(r.cart.lines.filter((l) => l.key === beanieKey)).toHaveLength(1);
    // Its quantity is the removed line's; the price the current line was given stays.
    expect(lineOf(r.cart, 1)).toMatchObject({ quantity: 2, customPrice: 1200 });
  });

  it('refuses a line that is already in the cart, with nothing removed, with cocart_item_restored_to_cart (not_allowed)', () => {
    expect(refusal(() => restoreItem(cart, beanieKey, ctx))).toMatchObject({ code: 'cocart_item_restored_to_cart', kind: 'not_allowed' });
  });

  it('refuses an unknown key, with nothing removed, with cocart_item_restored_to_cart (not_found)', () => {
    expect(refusal(() => restoreItem(cart, 'f'.repeat(32), ctx))).toMatchObject({ code: 'cocart_item_restored_to_cart', kind: 'not_found' });
  });

  it('refuses a key that is not among the removed items with cocart_can_not_restore_item (forbidden)', () => {
    expect(refusal(() => restoreItem(removed, scarfKey, ctx))).toMatchObject({ code: 'cocart_can_not_restore_item', kind: 'forbidden' });
  });

  it('refuses the key "0" with cocart_cart_item_key_required (not_found)', () => {
    expect(refusal(() => restoreItem(removed, '0', ctx))).toMatchObject({ code: 'cocart_cart_item_key_required', kind: 'not_found' });
  });
});
