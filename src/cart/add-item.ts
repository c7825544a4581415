import type { Product } from '../catalog/types.ts';
import { isEmail, isPhone, formatPhone } from '../commerce/address.ts';
import type { CartContext } from './context.ts';
import { itemKey } from './item-key.ts';
import { MAX_LINE_QUANTITY, heldQuantity, stockSourceId } from './lines.ts';
import { findProduct, resolveVariation } from './resolve-product.ts';
import type { Cart, CartLine } from './types.ts';
import { CocartError } from '../errors.ts';

/** Add one product to the cart (docs/wire-contract.md#adding-items), as a new line or onto the same line. */

export interface AddItemInput {
  id: string;
  quantity: number;
  variation?: Record<string, unknown>;
  itemData?: Record<string, unknown>;
  /** Custom unit price in major units; applied only where the store allows it, otherwise ignored. */
  price?: string;
  email?: string;
  phone?: string;
}

export interface AddResult {
  cart: Cart;
  line: CartLine;
  product: Product;
}

/**
 * Steps 6–8 and 13–18 of CoCart's add-item validation, for a resolved product and a wanted quantity. The
 * max-purchase check (step 7) runs after the stock checks so that a stock shortage gets its own code.
 */
export function checkAddable(cart: Cart, product: Product, quantity: number, ctx: CartContext, lineKey: string): number {
  const { catalog } = ctx;
  if (product.type === 'external' || product.type === 'grouped') {
    throw new CocartError('cocart_cannot_add_product_type_to_cart', 'forbidden', 'You cannot add "%1$s" to your cart as it is an "%2$s" product.', [
      product.name,
      product.type,
    ]);
  }
  const limits = ctx.limits(product);
  if (quantity === 0 || quantity < limits.min) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" must be a minimum of %2$d.', [product.name, limits.min]);
  }
  const existing = cart.lines.find((l) => l.key === lineKey);
  if (product.soldIndividually) {
    if (existing) {
      throw new CocartError('cocart_product_sold_individually', 'forbidden', 'You cannot add another "%s" to your cart.', [product.name]);
    }
    quantity = 1;
  }
  if (!catalog.isPurchasable(product, ctx.now)) {
    throw new CocartError('cocart_cannot_be_purchased', 'invalid', 'Sorry, this product cannot be purchased.');
  }
  const stock = catalog.stockOf(product);
  if (stock.status === 'outofstock') {
    throw new CocartError('cocart_product_out_of_stock', 'not_found', 'You cannot add "%s" to the cart because the product is out of stock.', [product.name]);
  }
  if (stock.managed && stock.backorders === 'no') {
    const available = Math.max(stock.quantity ?? 0, 0);
    if (quantity > available) {
      throw new CocartError(
        'cocart_not_enough_in_stock',
        'not_found',
        'You cannot add that amount of "%1$s" to the cart because there is not enough stock (%2$s remaining).',
        [product.name, available],
      );
    }
    const held = heldQuantity(catalog, cart.lines, stockSourceId(catalog, product));
    if (held + quantity > available) {
      throw new CocartError(
        'cocart_not_enough_stock_remaining',
        'not_found',
        'You cannot add that amount to the cart &mdash; we have %1$s in stock and you already have %2$s in your cart.',
        [available, held],
      );
    }
  }
  // After the stock checks: a managed product's max purchase is its stock, and a shortage should be
  // reported with the stock codes (steps 17–18); what remains here are the store's purchase limits.
  const wanted = quantity + (existing?.quantity ?? 0);
  if (wanted > MAX_LINE_QUANTITY) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" cannot be more than %2$d.', [product.name, MAX_LINE_QUANTITY]);
  }
  if (limits.max > 0 && wanted > limits.max) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'The quantity of "%1$s" cannot be more than %2$d.', [product.name, limits.max]);
  }
  return quantity;
}

/**
 * CoCart's `validate_quantity()`: the quantity asked for, on its own, against the product's minimum and
 * maximum purchase (sold individually: 1; managed stock without backorders: the stock), before the
 * variation, type or stock is looked at. A maximum of 0 (nothing in stock) is no limit here: the stock
 * checks give that refusal its own code.
 */
export function validateQuantity(product: Product, quantity: number, ctx: CartContext): void {
  const { min, max } = ctx.limits(product);
  if (quantity === 0 || quantity < min) {
    throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'Quantity must be a minimum of %s.', [min]);
  }
  if (max > 0 && quantity > max) throw new CocartError('cocart_quantity_invalid_amount', 'not_allowed', 'Quantity must be %s or lower.', [max]);
}

/** `POST /cart/add-item`: the product, the quantity asked for, then everything else. */
export function addItem(cart: Cart, input: AddItemInput, ctx: CartContext): AddResult {
  const found = findProduct(ctx.catalog, input.id);
  validateQuantity(found, input.quantity, ctx);
  return addFound(cart, found, input, ctx);
}

/** Adds `found` (a product, a variable parent or a variation) as `input` asks, after every other check. */
export function addFound(cart: Cart, found: Product, input: AddItemInput, ctx: CartContext): AddResult {
  if (found.type === 'external' || found.type === 'grouped') checkAddable(cart, found, input.quantity, ctx, '');
  const { product, parent, variation } = resolveVariation(ctx.catalog, found, input.variation ?? {});
  if (product.type === 'variation' && !ctx.catalog.isPurchasable(product, ctx.now)) {
    throw new CocartError('cocart_product_failed_validation', 'invalid', 'Sorry, this product cannot be purchased.');
  }
  const itemData = input.itemData ?? {};
  const key = itemKey(parent.id, product.type === 'variation' ? product.id : 0, variation, itemData);
  const quantity = checkAddable(cart, product, input.quantity, ctx, key);

  const customPrice = input.price === undefined ? null : ctx.pricing.unitPrice.acceptCustomPrice(input.price, product, ctx.decimals, ctx.mayOverridePrice);

  const existing = cart.lines.find((l) => l.key === key);
  const line: CartLine = existing
    ? { ...existing, quantity: existing.quantity + quantity, customPrice: customPrice ?? existing.customPrice }
    : {
        key,
        id: product.id,
        productId: parent.id,
        variationId: product.type === 'variation' ? product.id : 0,
        variation,
        quantity,
        itemData,
        customPrice,
      };
  const lines = existing ? cart.lines.map((l) => (l.key === key ? line : l)) : [...cart.lines, line];
  const customer = withContact(cart.customer, input.email, input.phone);
  return {
    cart: {
      ...cart,
      lines,
      customer,
      notices: [...cart.notices, { type: 'success', msgid: '"%s" has been added to your cart.', args: [product.name] }],
    },
    line,
    product,
  };
}

/** `email` and `phone` given with an add become the billing contact when valid; otherwise they are ignored. */
export function withContact(customer: Cart['customer'], email?: string, phone?: string): Cart['customer'] {
  const billing = { ...customer.billing };
  if (email && isEmail(email.trim())) billing.email = email.trim().toLowerCase();
  if (phone && isPhone(phone)) billing.phone = formatPhone(phone);
  return { ...customer, billing };
}
