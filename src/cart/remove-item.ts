import type { CartContext } from './context.ts';
import { lineProduct } from './lines.ts';
import type { Cart, CartLine } from './types.ts';
import { CocartError } from '../errors.ts';

/** Move one line to the removed items, restorable (`DELETE /cart/item/{key}`). Its custom price is forgotten. */
export function removeItem(cart: Cart, key: string, ctx: CartContext): { cart: Cart; removed: CartLine; name: string } {
  if (key === '0') throw new CocartError('cocart_cart_item_key_required', 'not_found', 'Cart item key is required!');
  if (!cart.lines.length && !cart.removed.length) throw new CocartError('cocart_no_items_in_cart', 'not_found', 'No items in the cart.');
  const line = cart.lines.find((l) => l.key === key);
  if (!line) {
    if (cart.removed.some((l) => l.key === key)) {
      throw new CocartError('cocart_item_not_in_cart', 'not_found', 'Item specified does not exist in cart. It may have already been removed.');
    }
    throw new CocartError('cocart_item_not_in_cart', 'not_found', 'Item specified does not exist in cart.');
  }
  const name = lineProduct(ctx.catalog, line)?.name ?? '';
  const removed = { ...line, customPrice: null };
  return {
    cart: {
      ...cart,
      lines: cart.lines.filter((l) => l.key !== key),
      removed: [...cart.removed.filter((l) => l.key !== key), removed],
      notices: [...cart.notices, { type: 'success', msgid: '%s has been removed from cart.', args: [name] }],
    },
    removed,
    name,
  };
}

/** Every line to the removed items (Beta 1's DELETE /cart/items); coupons and customer stay. */
export function removeAllItems(cart: Cart): Cart {
  const keys = new Set(cart.lines.map((l) => l.key));
  return {
    ...cart,
    lines: [],
    removed: [...cart.removed.filter((l) => !keys.has(l.key)), ...cart.lines.map((l) => ({ ...l, customPrice: null }))],
  };
}
