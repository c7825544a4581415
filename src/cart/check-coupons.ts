import type { CartContext } from './context.ts';
import { priceCart } from './price-cart.ts';
import type { Cart } from './types.ts';

/**
 * WC_Cart::check_cart_coupons: applied coupons that no longer hold for the cart as it is now (an
 * item went, the minimum is no longer met, the coupon expired or was deleted) come off, each with
 * WooCommerce's notice. Returns the cart unchanged when every coupon still holds.
 */
export function checkCoupons(cart: Cart, ctx: CartContext): { cart: Cart; changed: boolean } {
  if (!cart.coupons.length || !ctx.pricing.couponsEnabled) return { cart, changed: false };
  const priced = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.userId);
  if (!priced.invalidCoupons.length) return { cart, changed: false };
  const gone = new Set(priced.invalidCoupons.map((r) => r.code));
  return {
    cart: {
      ...cart,
      coupons: cart.coupons.filter((c) => !gone.has(c)),
      notices: [...cart.notices, ...priced.invalidCoupons.map((r) => ({ type: 'error' as const, msgid: r.notice.msgid, args: r.notice.args }))],
    },
    changed: true,
  };
}
