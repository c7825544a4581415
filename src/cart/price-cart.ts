import { createHash } from 'node:crypto';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import { calculateTotals, type CartTotals, type LineTotals } from '../commerce/totals.ts';
import { lineProduct } from './lines.ts';
import type { Cart, CartLine } from './types.ts';

/** A cart with every line's product, unit price and totals worked out: what responses are built from. */

export interface PricedCartLine {
  line: CartLine;
  product: Product;
  parent: Product;
  unitPrice: number;
  totals: LineTotals;
}

export interface PricedCart {
  cart: Cart;
  lines: PricedCartLine[];
  totals: CartTotals;
  /** CoCart's cart_hash: md5 of the lines and the total; '' for an empty cart. */
  hash: string;
}

export function unitPrice(catalog: CatalogSnapshot, line: CartLine, product: Product, now: number): number {
  return line.customPrice ?? catalog.price(product, now) ?? 0;
}

export function priceCart(cart: Cart, catalog: CatalogSnapshot, now: number): PricedCart {
  const resolved = cart.lines
    .map((line) => {
      const product = lineProduct(catalog, line);
      if (!product) return null;
      const parent = product.type === 'variation' ? (catalog.parentOf(product) ?? product) : product;
      return { line, product, parent, unitPrice: unitPrice(catalog, line, product, now) };
    })
    .filter((l) => l !== null);
  const { lines, totals } = calculateTotals(resolved.map((r) => ({ key: r.line.key, unitPrice: r.unitPrice, quantity: r.line.quantity })));
  const priced = resolved.map((r) => ({ ...r, totals: lines.get(r.line.key)! }));
  let fingerprint = '';
  for (const p of priced) fingerprint += `${p.line.key}:${p.line.quantity}:${p.unitPrice};`;
  const hash = priced.length ? createHash('md5').update(fingerprint + totals.total).digest('hex') : '';
  return { cart, lines: priced, totals, hash };
}
