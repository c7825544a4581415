import type { CartContext } from './context.ts';
import { lineProduct } from './lines.ts';
import type { Cart, CartLine } from './types.ts';
import { CocartError } from '../errors.ts';

/** Put a removed line back with its quantity and data (`PUT` or `PATCH /cart/item/{item_key}`). */
export function restoreItem(cart: Cart, key: string, ctx: CartContext): { cart: Cart; line: CartLine } {
  if (key === '0') throw new CocartError('cocart_cart_item_key_required', 'not_found', 'Cart item key is required!');
  const removed = cart.removed.find((l) => l.key === key);
  if (!cart.removed.length) {
    if (cart.lines.some((l) => l.key === key)) {
      throw new CocartError('cocart_item_restored_to_cart', 'not_allowed', 'Item is already restored to the cart.');
    }
    throw new CocartError('cocart_item_restored_to_cart', 'not_found', 'Item does not exist in cart.');
  }
  if (!removed) throw new CocartError('cocart_can_not_restore_item', 'forbidden', 'Unable to restore item to the cart.');
  // As WooCommerce's restore_cart_item: a line re-added meanwhile is replaced by the restored one (its old
  // quantity), never summed, which could pass a sold-individually, max-purchase or stock limit unchecked.
  // A custom price the current line carries is kept.
  const existing = cart.lines.find((l) => l.key === key);
  const line = existing ? { ...removed, customPrice: existing.customPrice ?? removed.customPrice } : removed;
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
