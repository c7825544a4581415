import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import { parseMajor } from '../commerce/money.ts';
import type { CartLine } from './types.ts';

/**
 * What one unit of a cart line costs. The price a shopper asks for on add-item (`price`) is a request,
 * not a fact: the strategy decides whether to keep it on the line, and then what a unit costs whenever
 * the cart is priced. The store uses `customPriceWithSalt`; a plugin can put its own in place
 * (`api.policies.setUnitPrice`), e.g. `catalogPriceOnly` to ignore custom prices altogether.
 */
export interface UnitPriceStrategy {
  /**
   * The custom unit price (minor units) to keep on a line being added, or null to ignore the request.
   * `allowed` says whether the request proved the store's salt key and the policy filters agreed.
   */
  acceptCustomPrice(requested: string, product: Product, decimals: number, allowed: (product: Product) => boolean): number | null;
  /** The unit price of `line` now, in minor units. */
  unitPrice(line: CartLine, product: Product, catalog: CatalogSnapshot, now: number): number;
}

const catalogPrice = (product: Product, catalog: CatalogSnapshot, now: number) => catalog.price(product, now) ?? 0;

/**
 * CoCart's price-hijack protection: a custom price is kept only where the request proved the salt key
 * (and no filter narrowed it), and then stays the line's price; otherwise it is silently ignored.
 */
export const customPriceWithSalt: UnitPriceStrategy = {
  acceptCustomPrice(requested, product, decimals, allowed) {
    if (requested === '' || !allowed(product)) return null;
    const minor = parseMajor(requested, decimals);
    return minor !== null && minor >= 0 ? minor : null;
  },
  unitPrice: (line, product, catalog, now) => line.customPrice ?? catalogPrice(product, catalog, now),
};

/** Every line at the catalogue's price: custom prices are never kept. */
export const catalogPriceOnly: UnitPriceStrategy = {
  acceptCustomPrice: () => null,
  unitPrice: (_line, product, catalog, now) => catalogPrice(product, catalog, now),
};
