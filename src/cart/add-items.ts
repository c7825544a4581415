import type { Product } from '../catalog/types.ts';
import { addFound, withContact } from './add-item.ts';
import type { CartContext } from './context.ts';
import { toQuantity } from './lines.ts';
import { findProduct } from './resolve-product.ts';
import type { Cart, CartLine } from './types.ts';
import { CocartError } from '../errors.ts';

/**
 * Add several children of a grouped product at once (docs/wire-contract.md#adding-items). Unlike CoCart,
 * it is all or nothing: if one child fails its checks, none is added and that child's error is returned.
 */
export interface AddItemsInput {
  id: string;
  /** child product id → quantity */
  quantity: Record<string, unknown>;
  email?: string;
  phone?: string;
}

export function addItems(cart: Cart, input: AddItemsInput, ctx: CartContext): { cart: Cart; lines: CartLine[]; products: Product[] } {
  findProduct(ctx.catalog, input.id);
  const entries = Object.entries(input.quantity ?? {});
  if (!entries.length) throw new CocartError('cocart_grouped_product_empty', 'not_found', 'Please choose the quantity of items you wish to add to your cart.');
  let next = cart;
  const lines: CartLine[] = [];
  const products: Product[] = [];
  for (const [childId, raw] of entries) {
    const quantity = toQuantity(raw);
    if (quantity === null || quantity <= 0) continue;
    // CoCart 4.x checks a grouped child's quantity with the stock checks, not with validate_quantity().
    const added = addFound({ ...next, notices: [] }, findProduct(ctx.catalog, childId), { id: childId, quantity }, ctx);
    next = { ...added.cart, notices: cart.notices };
    lines.push(added.line);
    products.push(added.product);
  }
  if (!lines.length) throw new CocartError('cocart_grouped_product_failed', 'not_found', 'Please choose the quantity of items you wish to add to your cart.');
  return {
    cart: {
      ...next,
      customer: withContact(next.customer, input.email, input.phone),
      notices: [...cart.notices, { type: 'success', msgid: '%s have been added to your cart.', args: [products.map((p) => `"${p.name}"`).join(', ')] }],
    },
    lines,
    products,
  };
}
