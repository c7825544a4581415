import type { CartContext } from './context.ts';
import { CartError } from './errors.ts';
import { lineProduct } from './lines.ts';
import type { Cart, CartLine } from './types.ts';

/** Put a removed line back with its quantity and data (spec/cart-api.md §3.11). */
export function restoreItem(cart: Cart, key: string, ctx: CartContext): { cart: Cart; line: CartLine } {
  if (key === '0') throw new CartError('cocart_cart_item_key_required', 404, 'Cart item key is required!');
  const removed = cart.removed.find((l) => l.key === key);
  if (!cart.removed.length) {
    if (cart.lines.some((l) => l.key === key)) {
      throw new CartError('cocart_item_restored_to_cart', 405, 'Item is already restored to the cart.');
    }
    throw new CartError('cocart_item_restored_to_cart', 404, 'Item does not exist in cart.');
  }
  if (!removed) throw new CartError('cocart_can_not_restore_item', 403, 'Unable to restore item to the cart.');
  const existing = cart.lines.find((l) => l.key === key);
  const line = existing ? { ...existing, quantity: existing.quantity + removed.quantity } : removed;
  const name = lineProduct(ctx.catalog, removed)?.name ?? '';
  return {
    cart: {
      ...cart,
      lines: existing ? cart.lines.map((l) => (l.key === key ? line : l)) : [...cart.lines, line],
      removed: cart.removed.filter((l) => l.key !== key),
      notices: [...cart.notices, { type: 'success', msgid: '%s has been added back to your cart.', args: [name] }],
    },
    line,
  };
}
