import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import type { CartLine } from './types.ts';

/** Helpers shared by the use cases: what a line is, and how much of a stock source the cart holds. */

/** The product whose stock a line draws on: a variation without its own stock uses its parent's. */
export function stockSourceId(catalog: CatalogSnapshot, product: Product): number {
  if (product.type === 'variation' && !product.manageStock) {
    const parent = catalog.parentOf(product);
    if (parent?.manageStock) return parent.id;
  }
  return product.id;
}

/** Quantity the cart already holds of a stock source, leaving out one line if asked. */
export function heldQuantity(catalog: CatalogSnapshot, lines: readonly CartLine[], sourceId: number, exceptKey?: string): number {
  let n = 0;
  for (const line of lines) {
    if (line.key === exceptKey) continue;
    const p = catalog.products.get(line.id);
    if (p && stockSourceId(catalog, p) === sourceId) n += line.quantity;
  }
  return n;
}

/** The product a line refers to, if it still exists. */
export function lineProduct(catalog: CatalogSnapshot, line: CartLine): Product | undefined {
  return catalog.products.get(line.id);
}

/**
 * The most of one line a cart holds. Quantities are otherwise unbounded in WooCommerce; this bound
 * keeps every amount (quantity × unit price) an exact integer of minor units.
 */
export const MAX_LINE_QUANTITY = 1_000_000;

/** WooCommerce's `wc_stock_amount`: numbers and numeric strings to a whole number, truncating; null if not a safe number. */
export function toQuantity(value: unknown): number | null {
  let n: number | null = null;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) n = Number(value);
  if (n === null || !Number.isFinite(n)) return null;
  const q = Math.trunc(n);
  return Number.isSafeInteger(q) ? q : null;
}
