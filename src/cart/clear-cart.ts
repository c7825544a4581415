import type { Cart } from './types.ts';

/** Empty the cart (`POST /cart/clear`): lines, coupons and shipping choices go; the customer stays. */
export function clearCart(cart: Cart, keepRemovedItems: boolean): Cart {
  return {
    ...cart,
    lines: [],
    removed: keepRemovedItems ? cart.removed : [],
    coupons: [],
    chosenShipping: [],
    notices: [...cart.notices, { type: 'notice', msgid: 'Cart is cleared.', args: [] }],
  };
}
