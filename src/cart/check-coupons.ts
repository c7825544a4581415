import type { CartContext } from './context.ts';
import { priceCart, type PricedCart } from './price-cart.ts';
import type { Cart } from './types.ts';

/**
 * WC_Cart::check_cart_coupons: applied coupons that no longer hold for the cart as it is now (an
 * item went, the minimum is no longer met, the coupon expired or was deleted) come off, each with
 * WooCommerce's notice. Pricing finds them (`invalidCoupons`), so this takes the priced cart.
 */
export function dropInvalidCoupons(cart: Cart, priced: PricedCart): Cart {
  if (!priced.invalidCoupons.length) return cart;
  const gone = new Set(priced.invalidCoupons.map((r) => r.code));
  return {
    ...cart,
    coupons: cart.coupons.filter((c) => !gone.has(c)),
    notices: [...cart.notices, ...priced.invalidCoupons.map((r) => ({ type: 'error' as const, msgid: r.notice.msgid, args: r.notice.args }))],
  };
}

/** `POST /cart/check-coupons`: the same check, asked for. */
export function checkCoupons(cart: Cart, ctx: CartContext): Cart {
  return dropInvalidCoupons(cart, priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper));
}
