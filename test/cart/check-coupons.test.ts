import { describe, expect, it } from 'vitest';
import { applyCoupon } from '../../src/cart/apply-coupon.ts';
import { checkCoupons } from '../../src/cart/check-coupons.ts';
import { updateItem } from '../../src/cart/update-item.ts';
import { DAY, NOW, cartWith, context, coupon, lineOf, price, simple, withContext } from './builders.ts';

const ctx = context({
  products: [simple(1, 2000, { name: 'Beanie' })],
  coupons: [coupon('big-spender', 'fixed_cart', 1000, { minimumAmount: 5000 }), coupon('weekend', 'percent', 10, { expiresAt: NOW + DAY })],
});
const cart = applyCoupon(applyCoupon(cartWith(ctx, [{ id: 1, quantity: 3 }]), 'big-spender', ctx), 'weekend', ctx);
const REMOVED = 'Sorry, it seems the coupon "%s" is invalid - it has now been removed from your order.';

describe('checkCoupons', () => {
  it('leaves a cart whose coupons all hold as it is', () => {
    expect(checkCoupons(cart, ctx)).toBe(cart);
  });

  it('takes off a coupon whose minimum the cart no longer meets, with WooCommerce’s notice', () => {
    const smaller = updateItem(cart, lineOf(cart, 1).key, 2, ctx).cart;
    // Priced before the check, the coupon that no longer holds is already left out of the sums.
    expect(price(smaller, ctx).totals).toMatchObject({ subtotal: 4000, discount_total: 400, total: 3600 });
    const checked = checkCoupons(smaller, ctx);
    expect(checked.coupons).toEqual(['weekend']);
    expect(checked.notices.at(-1)).toEqual({ type: 'error', msgid: REMOVED, args: ['big-spender'] });
  });

  it('takes off a coupon that has expired since it was applied', () => {
    const later = withContext(ctx, { now: NOW + 2 * DAY });
    const checked = checkCoupons(cart, later);
    expect(checked.coupons).toEqual(['big-spender']);
    expect(checked.notices.at(-1)).toEqual({ type: 'error', msgid: REMOVED, args: ['weekend'] });
  });

  it('takes off a coupon the store has since deleted', () => {
    const gone = context({ catalog: ctx.catalog, coupons: [coupon('weekend', 'percent', 10)] });
    expect(checkCoupons(cart, gone).coupons).toEqual(['weekend']);
  });
});
