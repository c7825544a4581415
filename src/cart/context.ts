import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import type { Location, StoreRules, TaxSettings } from '../commerce/types.ts';
import type { CartLine, Customer } from './types.ts';
import type { UnitPriceStrategy } from './unit-price.ts';

/** Who the cart belongs to, as coupon and tax rules see them. */
export interface Shopper {
  id: number;
  /** The account's e-mail, checked beside the billing e-mail. */
  email: string;
  /** The account is exempt from VAT (WooCommerce's is_vat_exempt). */
  vatExempt?: boolean;
}

/** The store's pricing rules and options, as one value a cart is priced with. */
export interface Pricing {
  rules: StoreRules;
  tax: TaxSettings;
  /** The store's address: the base tax location, and the origin of prices entered with tax. */
  base: Location;
  shippingEnabled: boolean;
  /** Whether the store ships to a country (WooCommerce's shipping countries); a package going elsewhere has no rates. */
  shipsTo(country: string): boolean;
  /** Shipping is not worked out until the shopper has given a postcode as well as a country. */
  shippingRequiresAddress: boolean;
  shipToDestination: 'shipping' | 'billing' | 'billing_only';
  couponsEnabled: boolean;
  sequentialDiscounts: boolean;
  decimals: number;
  /** What a line's unit costs, and whether a custom price asked for on add-item is kept. */
  unitPrice: UnitPriceStrategy;
  /**
   * WC_Customer::get_is_vat_exempt for this cart: the account's flag, or the cart's own, as the
   * `woocommerce_customer_get_is_vat_exempt` filter leaves it. An exempt cart has no taxes.
   */
  isVatExempt(customer: Customer, shopper: Shopper | null): boolean;
  /** Formats minor units for coupon messages ("The minimum spend for this coupon is £20.00."). */
  formatMoney(minor: number): string;
}

/** What a cart use case may consult: the catalogue, the clock and the store's policies. No I/O. */
export interface CartContext {
  catalog: CatalogSnapshot;
  now: number;
  pricing: Pricing;
  /** The signed-in customer (or the one staff act for), for coupons limited per user or by e-mail. */
  shopper: Shopper | null;
  /** Min and max purchase quantity of a product (max -1 = unlimited), after extensions had their say. */
  limits(product: Product): { min: number; max: number };
  /** Whether a custom price given on add-item may be applied to this product (salt key and policy hook). */
  mayOverridePrice(product: Product): boolean;
  /** Minor units per major unit's decimals, for parsing `price`. */
  decimals: number;
  /** Whether an extension lets the bulk `update-cart` callback set this line to this quantity. */
  allowQuantityUpdate(line: CartLine, quantity: number): boolean;
}
