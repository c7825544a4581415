import { describe, expect, it } from 'vitest';
import { clearCart } from '../../src/cart/clear-cart.ts';
import { removeItem } from '../../src/cart/remove-item.ts';
import { cartWith, context, lineOf, shipTo, simple } from './builders.ts';

const ctx = context({ products: [simple(1, 1800, { name: 'Beanie' }), simple(2, 1200, { name: 'Scarf' })] });
const full = shipTo(
  { ...cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 1 }]), coupons: ['save10'], chosenShipping: ['flat_rate:1'] },
  { country: 'GB', postcode: 'BS1 4XX', email: 'jo@example.com' },
);
const cart = removeItem(full, lineOf(full, 2).key, ctx).cart;

describe('clearCart', () => {
  it('empties lines, coupons and shipping choices, keeps the customer, and says so', () => {
    const cleared = clearCart(cart, true);
    expect(cleared.lines).toEqual([]);
    expect(cleared.coupons).toEqual([]);
    expect(cleared.chosenShipping).toEqual([]);
    expect(cleared.customer).toEqual(cart.customer);
    expect(cleared.customer.billing.email).toBe('jo@example.com');
    expect(cleared.notices.at(-1)).toEqual({ type: 'notice', msgid: 'Cart is cleared.', args: [] });
  });

  it('keeps the removed items, restorable, when asked to', () => {
    expect(clearCart(cart, true).removed.map((l) => l.id)).toEqual([2]);
  });

  it('forgets the removed items otherwise', () => {
    expect(clearCart(cart, false).removed).toEqual([]);
  });

  it('does not move the cleared lines to the removed items', () => {
    expect(clearCart(cart, true).removed.map((l) => l.id)).not.toContain(1);
  });
});
