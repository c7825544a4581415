import type { CartContext } from './context.ts';
import { heldQuantity, lineProduct, stockSourceId } from './lines.ts';
import type { Cart, Notice } from './types.ts';

/**
 * Read-side housekeeping, whenever a cart is read (docs/wire-contract.md#notices): lines whose product is
 * gone or can no longer be bought are removed, with a notice kept until shown; stock problems are
 * reported on every read until the shopper fixes them, so those notices are not stored. (Coupons are
 * checked when the cart is priced: see check-coupons.ts.)
 */
export function validateCart(cart: Cart, ctx: CartContext): { cart: Cart; changed: boolean; warnings: Notice[] } {
  const { catalog, now } = ctx;
  const kept = [];
  const stored: Notice[] = [];
  const warnings: Notice[] = [];
  for (const line of cart.lines) {
    const product = lineProduct(catalog, line);
    const parent = product?.type === 'variation' ? catalog.parentOf(product) : product;
    if (!product || product.status !== 'publish' || !parent || parent.status !== 'publish') {
      stored.push({ type: 'error', msgid: 'An item which is no longer available was removed from your cart.', args: [] });
      continue;
    }
    if (!catalog.isPurchasable(product, now)) {
      stored.push({
        type: 'error',
        msgid: '%s has been removed from your cart because it can no longer be purchased. Please contact us if you need assistance.',
        args: [product.name],
      });
      continue;
    }
    kept.push(line);
  }
  for (const line of kept) {
    const product = lineProduct(catalog, line)!;
    const stock = catalog.stockOf(product);
    if (stock.status === 'outofstock') {
      warnings.push({ type: 'error', msgid: '"%s" is not in stock. Please edit your cart and try again.', args: [product.name] });
    } else if (stock.managed && stock.backorders === 'no') {
      const held = heldQuantity(catalog, kept, stockSourceId(catalog, product));
      const available = Math.max(stock.quantity ?? 0, 0);
      if (held > available) {
        warnings.push({
          type: 'error',
          msgid: 'Sorry, we do not have enough "%1$s" in stock to fulfill your order (%2$s available). We apologize for any inconvenience caused.',
          args: [product.name, available],
        });
      }
    }
  }
  const changed = kept.length !== cart.lines.length;
  return { cart: changed ? { ...cart, lines: kept, notices: [...cart.notices, ...stored] } : cart, changed, warnings };
}
