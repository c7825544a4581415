import { CocartError } from '../errors.ts';
import { couponCode } from './apply-coupon.ts';
import type { Cart } from './types.ts';

/** Take an applied coupon off (WC_Cart::remove_coupon); one not applied is a 404. */
export function removeCoupon(cart: Cart, rawCode: string): Cart {
  const code = couponCode(rawCode);
  if (!code) throw new CocartError('woocommerce_coupon_please_enter', 'invalid', 'Please enter a coupon code.');
  if (!cart.coupons.includes(code)) {
    throw new CocartError('cocart_coupon_not_applied', 'not_found', 'Coupon "%s" is not applied to the cart.', [code]);
  }
  return {
    ...cart,
    coupons: cart.coupons.filter((c) => c !== code),
    notices: [...cart.notices, { type: 'success', msgid: 'Coupon code removed successfully.', args: [] }],
  };
}
