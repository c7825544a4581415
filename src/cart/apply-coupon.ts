import { checkApplicable } from '../commerce/coupon-validation.ts';
import { CocartError } from '../errors.ts';
import type { CartContext } from './context.ts';
import { couponContext, displayedSubtotal, priceCart } from './price-cart.ts';
import type { Cart } from './types.ts';

/** wc_format_coupon_code: codes are compared trimmed and in lower case. */
export function couponCode(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Apply a coupon (WC_Cart::apply_coupon): it must hold for this cart now; an individual-use coupon
 * replaces the ones applied before it. Refusals carry WooCommerce's reason.
 */
export function applyCoupon(cart: Cart, rawCode: string, ctx: CartContext): Cart {
  const code = couponCode(rawCode);
  const { pricing, catalog, now, shopper } = ctx;
  const priced = priceCart(cart, catalog, now, pricing, shopper);
  const decision = checkApplicable(pricing.rules.coupons.get(code), code, priced.coupons.map((c) => c.coupon), {
    ...couponContext(cart, priced.lines, catalog, now, pricing, shopper, displayedSubtotal(priced.totals, pricing)),
    couponsEnabled: pricing.couponsEnabled,
  });
  const problem = decision.problem;
  if (problem) throw new CocartError(problem.code, problem.kind, problem.msgid, problem.args, { wc_error_code: problem.wcErrorCode });
  return {
    ...cart,
    coupons: [...cart.coupons.filter((c) => !decision.remove.includes(c)), code],
    notices: [...cart.notices, { type: 'success', msgid: 'Coupon code applied successfully.', args: [] }],
  };
}
