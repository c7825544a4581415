import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import type { CartLine } from './types.ts';

/** What a cart use case may consult: the catalogue, the clock and the store's policies. No I/O. */
export interface CartContext {
  catalog: CatalogSnapshot;
  now: number;
  /** Min and max purchase quantity of a product (max -1 = unlimited), after extensions had their say. */
  limits(product: Product): { min: number; max: number };
  /** Whether a custom price given on add-item may be applied to this product (salt key and policy hook). */
  mayOverridePrice(product: Product): boolean;
  /** Minor units per major unit's decimals, for parsing `price`. */
  decimals: number;
  /** Whether an extension lets the bulk `update-cart` callback set this line to this quantity. */
  allowQuantityUpdate(line: CartLine, quantity: number): boolean;
}
