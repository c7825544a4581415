import type { CartContext } from './context.ts';
import { MAX_LINE_QUANTITY, lineProduct } from './lines.ts';
import type { Cart, Notice } from './types.ts';

/**
 * The `update-cart` callback: set several quantities at once (docs/wire-contract.md#cart-routes).
 * Unknown keys and unchanged quantities are skipped; 0 removes the line (restorable); problems become
 * error notices, never HTTP errors.
 */
export function updateCartQuantities(cart: Cart, quantities: Record<string, unknown>, ctx: CartContext): { cart: Cart; changed: boolean } {
  let lines = cart.lines;
  let removed = cart.removed;
  const notices: Notice[] = [];
  let changed = false;
  for (const [key, raw] of Object.entries(quantities ?? {})) {
    const line = lines.find((l) => l.key === key);
    if (!line) continue;
    const digits = String(raw ?? '').replace(/[^\d.]/g, '');
    const quantity = digits === '' ? NaN : Math.trunc(Number(digits));
    if (!Number.isFinite(quantity) || quantity === line.quantity) continue;
    const product = lineProduct(ctx.catalog, line);
    if (quantity > MAX_LINE_QUANTITY) {
      notices.push({ type: 'error', msgid: 'The quantity of "%1$s" cannot be more than %2$d.', args: [product?.name ?? '', MAX_LINE_QUANTITY] });
      continue;
    }
    if (quantity === 0) {
      // As WooCommerce's set_quantity(0): the line goes to the removed items, restorable, its custom price forgotten.
      lines = lines.filter((l) => l.key !== key);
      removed = [...removed.filter((l) => l.key !== key), { ...line, customPrice: null }];
      changed = true;
      continue;
    }
    if (!ctx.allowQuantityUpdate(line, quantity)) {
      notices.push({ type: 'error', msgid: 'Unable to update the quantity of "%s".', args: [product?.name ?? ''] });
      continue;
    }
    if (product?.soldIndividually && quantity > 1) {
      notices.push({ type: 'error', msgid: 'You can only have 1 %s in your cart.', args: [product.name] });
      continue;
    }
    lines = lines.map((l) => (l.key === key ? { ...l, quantity } : l));
    changed = true;
  }
  if (changed && !notices.length) notices.push({ type: 'success', msgid: 'Cart updated.', args: [] });
  return { cart: { ...cart, lines, removed, notices: [...cart.notices, ...notices] }, changed };
}
