import type { CartContext } from './context.ts';
import { MAX_LINE_QUANTITY, heldQuantity, lineProduct, stockSourceId } from './lines.ts';
import { removeItem } from './remove-item.ts';
import type { Cart, CartLine } from './types.ts';
import { CocartError } from '../errors.ts';

/** Set one line's quantity (`POST /cart/item/{item_key}`). Quantity 0 removes the line, exactly as DELETE does. */

export type QuantityChange = 'increased' | 'decreased' | 'unchanged' | 'removed';

export function updateItem(cart: Cart, key: string, quantity: number, ctx: CartContext): { cart: Cart; line: CartLine | null; change: QuantityChange } {
  if (key === '0') throw new CocartError('cocart_cart_item_key_required', 'not_found', 'Cart item key is required!');
  if (quantity === 0) return { ...removeItem(cart, key, ctx), line: null, change: 'removed' };
  const line = cart.lines.find((l) => l.key === key);
  if (!line) throw new CocartError('cocart_item_not_in_cart', 'not_found', 'Unable to find item in cart.');
  const product = lineProduct(ctx.catalog, line);
  if (!product) throw new CocartError('cocart_item_not_in_cart', 'not_found', 'Unable to find item in cart.');

  const limits = ctx.limits(product);
  if (quantity > MAX_LINE_QUANTITY) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" cannot be more than %2$d.', [product.name, MAX_LINE_QUANTITY]);
  }
  if (quantity < limits.min) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" must be a minimum of %2$d.', [product.name, limits.min]);
  }
  const stock = ctx.catalog.stockOf(product);
  if (stock.managed && stock.backorders === 'no') {
    const available = Math.max(stock.quantity ?? 0, 0);
    const others = heldQuantity(ctx.catalog, cart.lines, stockSourceId(ctx.catalog, product), key);
    if (quantity + others > available) {
      throw new CocartError(
        'cocart_not_enough_in_stock',
        'not_found',
        'You cannot add that amount of "%1$s" to the cart because there is not enough stock (%2$s remaining).',
        [product.name, Math.max(available - others, 0)],
      );
    }
  }
  // After the stock check, as on add: a shortage of managed stock is reported as such, not as the max.
  if (limits.max > 0 && quantity > limits.max && !(product.soldIndividually && quantity > 1)) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" cannot be more than %2$d.', [product.name, limits.max]);
  }
  if (product.soldIndividually && quantity > 1) {
    throw new CocartError('cocart_can_not_increase_quantity', 'not_allowed', 'You can only have 1 "%s" in your cart.', [product.name]);
  }
  const change: QuantityChange = quantity > line.quantity ? 'increased' : quantity < line.quantity ? 'decreased' : 'unchanged';
  const updated = { ...line, quantity };
  return { cart: { ...cart, lines: cart.lines.map((l) => (l.key === key ? updated : l)) }, line: updated, change };
}
